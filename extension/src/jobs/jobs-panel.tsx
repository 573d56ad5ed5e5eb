import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { DropTarget } from '../codegen/index.js';
import { STYX_DROP_MIME } from '../dnd/mime.js';
import { useSignal } from '../panel/use-signal.js';
import { hrefOfDrop, itemOfDrop } from './drop-href.js';
import { inputValue, isFile, isFolder, resultItemUrl } from './job-form.js';
import type { JobsModel } from './jobs-model.js';
import type { InputDescription } from './types.js';

/** Opens a job's result item in the catalog panel and on the map (the host decides how). */
export type ShowResults = (itemUrl: string) => Promise<void>;

/** The Jobs panel: run a process on catalog data, follow my jobs, read their logs and results. */
export class JobsPanel extends ReactWidget {
  constructor(
    private readonly model: JobsModel,
    private readonly trans: TranslationBundle,
    private readonly showResults?: ShowResults,
  ) {
    super();
    this.addClass('styx-JobsPanel');
  }

  protected render(): React.ReactElement {
    return <JobsView model={this.model} trans={this.trans} showResults={this.showResults} />;
  }
}

function JobsView({
  model,
  trans,
  showResults,
}: {
  model: JobsModel;
  trans: TranslationBundle;
  showResults: ShowResults | undefined;
}) {
  useSignal(model.changed);
  const [processId, setProcessId] = React.useState<string>('');
  const [values, setValues] = React.useState<Record<string, string>>({});
  // The catalog item of each value that came from a drop (while the value is still that href).
  const [droppedItems, setDroppedItems] = React.useState<
    Record<string, { href: string; item: string }>
  >({});
  const process = model.description(processId || model.processes[0]?.id || '');
  const selected = model.selected;
  const resultItem = resultItemUrl(selected);

  const run = async () => {
    if (!process) return;
    const inputs: Record<string, unknown> = {};
    for (const [name, input] of Object.entries(process.inputs)) {
      const raw = values[name]?.trim() ?? '';
      // An unticked flag is false; any other empty field is left out (its default applies).
      if (raw === '' && input.schema.type !== 'boolean') continue;
      const dropped = droppedItems[name];
      inputs[name] = inputValue(input, raw, dropped?.href === raw ? dropped.item : undefined);
    }
    const job = await model.run(process.id, inputs);
    if (job) void model.select(job.jobID);
  };

  return (
    <div className="styx-JobsView">
      <div className="styx-JobsHeader">
        <span className="styx-JobsTitle">{trans.__('Processing')}</span>
        <a href={model.processingUrl} target="_blank" rel="noreferrer" className="styx-JobsService">
          {model.processingUrl}
        </a>
      </div>
      {model.error ? <div className="styx-JobsError">{model.error}</div> : null}
      <section className="styx-JobsRun" aria-label={trans.__('Run a process')}>
        <select
          className="styx-ProcessSelect"
          aria-label={trans.__('Process')}
          value={process?.id ?? ''}
          onChange={(e) => {
            setProcessId(e.target.value);
            setValues({});
            setDroppedItems({});
          }}
        >
          {model.processes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        {process ? <p className="styx-ProcessDescription">{process.description}</p> : null}
        {process
          ? Object.entries(process.inputs).map(([name, input]) => (
              <InputField
                key={`${process.id}/${name}`}
                name={name}
                input={input}
                value={values[name] ?? ''}
                onChange={(value) => setValues((v) => ({ ...v, [name]: value }))}
                onDrop={(href, item) => {
                  setValues((v) => ({ ...v, [name]: href }));
                  if (item) setDroppedItems((d) => ({ ...d, [name]: { href, item } }));
                }}
                trans={trans}
              />
            ))
          : null}
        <button
          type="button"
          className="styx-RunProcess jp-mod-styled jp-mod-accept"
          onClick={() => void run()}
          disabled={!process}
        >
          {trans.__('Run')}
        </button>
      </section>
      <section className="styx-JobList" aria-label={trans.__('My jobs')}>
        {model.jobs.length === 0 ? (
          <div className="styx-JobsEmpty">{trans.__('No jobs yet.')}</div>
        ) : null}
        {model.jobs.map((job) => (
          <button
            type="button"
            key={job.jobID}
            className={`styx-JobRow styx-mod-${job.status}${job.jobID === selected?.jobID ? ' styx-mod-selected' : ''}`}
            onClick={() => void model.select(job.jobID)}
          >
            <span className="styx-JobProcess">{job.processID}</span>
            <span className="styx-JobStatus">{job.status}</span>
            <progress max={100} value={job.progress ?? 0} aria-label={trans.__('progress')} />
            <span className="styx-JobTime">{new Date(job.created).toLocaleTimeString()}</span>
          </button>
        ))}
      </section>
      {selected ? (
        <section className="styx-JobDetail" aria-label={trans.__('Job')}>
          <div>
            <strong>{selected.processID}</strong> ·{' '}
            <span className="styx-JobDetailStatus">{selected.status}</span>
            {selected.message ? <div className="styx-JobMessage">{selected.message}</div> : null}
          </div>
          {selected.status === 'accepted' || selected.status === 'running' ? (
            <button
              type="button"
              className="styx-CancelJob jp-mod-styled jp-mod-warn"
              onClick={() => void model.dismiss(selected.jobID)}
            >
              {trans.__('Cancel')}
            </button>
          ) : null}
          {resultItem && showResults ? (
            <button
              type="button"
              className="styx-ShowResults jp-mod-styled jp-mod-accept"
              title={resultItem}
              onClick={() => void showResults(resultItem)}
            >
              {trans.__('Show results on the map')}
            </button>
          ) : null}
          {model.results ? (
            <>
              <div className="styx-JobLabel">{trans.__('Results')}</div>
              <pre className="styx-JobResults">{JSON.stringify(model.results, null, 2)}</pre>
            </>
          ) : null}
          <div className="styx-JobLabel">{trans.__('Log')}</div>
          <pre className="styx-JobLogs">{model.logs || trans.__('(nothing printed yet)')}</pre>
        </section>
      ) : null}
    </div>
  );
}

/**
 * One input. A file input takes a URL, or a catalog asset (or item) dropped from the Styx panel
 * (a Lumino drag carrying the Styx MIME type): its href goes in.
 */
function InputField(props: {
  name: string;
  input: InputDescription;
  value: string;
  onChange: (value: string) => void;
  onDrop: (href: string, item: string | undefined) => void;
  trans: TranslationBundle;
}) {
  const { name, input, value, onChange, onDrop, trans } = props;
  const ref = React.useRef<HTMLInputElement>(null);
  React.useEffect(() => {
    const node = ref.current;
    if (!node || !(isFile(input) || isFolder(input))) return;
    const accept = (event: Event) => {
      const drag = event as Event & {
        mimeData?: { hasData(m: string): boolean; getData(m: string): unknown };
        dropAction?: string;
      };
      if (!drag.mimeData?.hasData(STYX_DROP_MIME)) return;
      event.preventDefault();
      event.stopPropagation();
      drag.dropAction = 'copy';
      if (event.type === 'lm-drop') {
        const target = drag.mimeData.getData(STYX_DROP_MIME) as DropTarget;
        const href = hrefOfDrop(target);
        if (!href) return;
        // A folder input collects dropped files; a file input takes one.
        if (isFolder(input)) onChange(node.value ? `${node.value}\n${href}` : href);
        else onDrop(href, itemOfDrop(target));
      }
    };
    for (const type of ['lm-dragenter', 'lm-dragover', 'lm-drop'])
      node.addEventListener(type, accept);
    return () => {
      for (const type of ['lm-dragenter', 'lm-dragover', 'lm-drop'])
        node.removeEventListener(type, accept);
    };
  }, [input, onChange, onDrop]);
  const fallback = input.schema.default;
  if (input.schema.type === 'boolean') {
    return (
      <label className="styx-JobInput styx-mod-flag">
        <input
          type="checkbox"
          className={`styx-JobInputField styx-JobInput-${name}`}
          checked={value === 'true'}
          onChange={(e) => onChange(e.target.checked ? 'true' : '')}
        />
        <span title={input.description}>{input.title}</span>
      </label>
    );
  }
  return (
    <label className="styx-JobInput">
      <span title={input.description}>
        {input.title}
        {input.minOccurs > 0 ? ' *' : ''}
      </span>
      <input
        ref={ref}
        className={`styx-JobInputField styx-JobInput-${name}`}
        value={value}
        placeholder={
          isFolder(input)
            ? trans.__('URLs, or drop assets from the catalog')
            : isFile(input)
              ? trans.__('URL, or drop an asset from the catalog')
              : fallback !== undefined
                ? String(fallback)
                : ''
        }
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
