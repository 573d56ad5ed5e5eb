/**
 * Conditions on the catalog's queryables, one row each: property, an operator that suits its
 * kind of value, and an input for that kind (number, date, a choice among an enum's values,
 * true or false, text). The rows live in the model's query; `filterToCql2` turns them into
 * CQL2-JSON when the search runs.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { FilterClause, FilterOp } from '../catalog/index.js';
import type { Queryable } from '../catalog/types.js';
import {
  clauseKind,
  enumValues,
  filterableQueryables,
  joinListValues,
  listValues,
  newClause,
  operatorsFor,
  type QueryableKind,
  withOperator,
  withProperty,
} from './filter-operators.js';
import type { SectionProps } from './section-props.js';
import { useSignal } from './use-signal.js';

export function FilterBuilder({ model, trans }: SectionProps): React.ReactElement {
  useSignal(model.queryablesChanged);
  const queryables = model.queryables;
  const clauses = model.query.filters;
  const choices = filterableQueryables(queryables);
  const setClauses = (filters: FilterClause[]) => model.setQuery({ filters });
  const add = () => {
    const clause = newClause(queryables);
    if (clause) setClauses([...clauses, clause]);
  };

  return (
    <fieldset className="styx-FilterBuilder">
      <legend>{trans.__('Conditions')}</legend>
      {clauses.map((clause, index) => (
        <FilterRow
          // Rows have no identity of their own; their place is it.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          clause={clause}
          queryables={queryables}
          choices={choices}
          trans={trans}
          onChange={(changed) => setClauses(clauses.map((c, i) => (i === index ? changed : c)))}
          onRemove={() => setClauses(clauses.filter((_, i) => i !== index))}
        />
      ))}
      {choices.length > 0 ? (
        <button type="button" className="styx-Button styx-AddFilter" onClick={add}>
          {trans.__('+ Add a condition')}
        </button>
      ) : (
        <p className="styx-Hint">
          {trans.__('These collections offer no properties to filter on.')}
        </p>
      )}
    </fieldset>
  );
}

interface FilterRowProps {
  clause: FilterClause;
  queryables: readonly Queryable[];
  choices: readonly Queryable[];
  trans: TranslationBundle;
  onChange: (clause: FilterClause) => void;
  onRemove: () => void;
}

function FilterRow(props: FilterRowProps): React.ReactElement {
  const { clause, queryables, choices, trans, onChange } = props;
  const queryable = queryables.find((q) => q.name === clause.property);
  const kind = clauseKind(clause, queryables);
  const operators = operatorsFor(kind);
  return (
    <div className="styx-FilterRow">
      <select
        className="styx-Select styx-FilterProperty"
        aria-label={trans.__('Property')}
        value={clause.property}
        onChange={(event) => {
          const next = queryables.find((q) => q.name === event.currentTarget.value);
          if (next) onChange(withProperty(clause, next, queryables));
        }}
      >
        {!queryable && <option value={clause.property}>{clause.property}</option>}
        {choices.map((q) => (
          <option key={q.name} value={q.name} title={q.description}>
            {q.title ?? q.name}
          </option>
        ))}
      </select>
      <select
        className="styx-Select styx-FilterOperator"
        aria-label={trans.__('Operator')}
        value={clause.op}
        onChange={(event) => onChange(withOperator(clause, event.currentTarget.value as FilterOp))}
      >
        {!operators.includes(clause.op) && <option value={clause.op}>{clause.op}</option>}
        {operators.map((op) => (
          <option key={op} value={op}>
            {operatorLabel(op, kind, trans)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="styx-Button styx-mod-minimal styx-RemoveFilter"
        title={trans.__('Remove this condition')}
        aria-label={trans.__('Remove this condition')}
        onClick={props.onRemove}
      >
        ×
      </button>
      <div className="styx-FilterValue">
        <ValueInput {...props} kind={kind} queryable={queryable} />
      </div>
    </div>
  );
}

function ValueInput(
  props: FilterRowProps & { kind: QueryableKind; queryable: Queryable | undefined },
): React.ReactElement {
  const { clause, kind, queryable, trans, onChange } = props;
  const label = queryable?.title ?? clause.property;
  if (kind === 'boolean') {
    return (
      <select
        className="styx-Select"
        aria-label={label}
        value={clause.value}
        onChange={(event) => onChange({ ...clause, value: event.currentTarget.value })}
      >
        <option value="true">{trans.__('true')}</option>
        <option value="false">{trans.__('false')}</option>
      </select>
    );
  }
  if (kind === 'enum') {
    const values = enumValues(queryable);
    if (clause.op === 'in') {
      return (
        <select
          className="styx-Select"
          multiple
          size={Math.min(values.length, 4)}
          aria-label={label}
          value={listValues(clause.value)}
          onChange={(event) =>
            onChange({
              ...clause,
              value: joinListValues(
                Array.from(event.currentTarget.selectedOptions, (o) => o.value),
              ),
            })
          }
        >
          {values.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      );
    }
    return (
      <select
        className="styx-Select"
        aria-label={label}
        value={clause.value}
        onChange={(event) => onChange({ ...clause, value: event.currentTarget.value })}
      >
        {!values.includes(clause.value) && <option value={clause.value}>{clause.value}</option>}
        {values.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    );
  }
  const type = kind === 'number' ? 'number' : kind === 'datetime' ? 'date' : 'text';
  const placeholder =
    clause.op === 'in'
      ? trans.__('a, b, c')
      : clause.op === 'like'
        ? trans.__('text, * for any')
        : kind === 'number' && queryable?.minimum !== undefined && queryable.maximum !== undefined
          ? `${queryable.minimum} … ${queryable.maximum}`
          : '';
  const input = (value: string, field: 'value' | 'value2', aria: string) => (
    <input
      className="styx-Input"
      type={type}
      step={type === 'number' ? 'any' : undefined}
      min={queryable?.minimum}
      max={queryable?.maximum}
      value={value}
      placeholder={placeholder}
      aria-label={aria}
      onChange={(event) => onChange({ ...clause, [field]: event.currentTarget.value })}
    />
  );
  if (clause.op === 'between') {
    return (
      <>
        {input(clause.value, 'value', trans.__('%1 from', label))}
        <span className="styx-FilterAnd">{trans.__('and')}</span>
        {input(clause.value2 ?? '', 'value2', trans.__('%1 to', label))}
      </>
    );
  }
  return input(clause.value, 'value', label);
}

function operatorLabel(op: FilterOp, kind: QueryableKind, trans: TranslationBundle): string {
  if (kind === 'datetime') {
    if (op === '<') return trans.__('before');
    if (op === '>') return trans.__('after');
  }
  switch (op) {
    case '<>':
      return '≠';
    case '<=':
      return '≤';
    case '>=':
      return '≥';
    case 'between':
      return trans.__('between');
    case 'like':
      return trans.__('like');
    case 'in':
      return trans.__('one of');
    case 'isNull':
      return trans.__('is empty');
    default:
      return op;
  }
}
