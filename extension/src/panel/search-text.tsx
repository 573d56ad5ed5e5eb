/**
 * The search form's words box, with thesaurus concepts suggested while typing: the catalog
 * expands a concept's preferred label with its synonyms and narrower concepts, so picking
 * "river discharge" also finds items tagged "streamflow". Arrow keys move through the
 * suggestions, Enter or a click picks one, Escape closes them; Enter with none highlighted
 * searches as before.
 */
import * as React from 'react';
import { type ConceptSuggestion, withSuggestion } from '../catalog/index.js';
import type { SectionProps } from './section-props.js';

/** Wait this long after the last key before asking the catalog. */
const SUGGEST_DELAY_MS = 200;

export function SearchText(props: SectionProps): React.ReactElement {
  const { model, trans } = props;
  const q = model.query.q;
  const [suggestions, setSuggestions] = React.useState<ConceptSuggestion[]>([]);
  /** Suggestions show only while the user types, not after a pick, Escape or leaving the box. */
  const [open, setOpen] = React.useState(false);
  const [active, setActive] = React.useState(-1);
  const listId = React.useId();

  React.useEffect(() => {
    if (!open) {
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void model.suggestConcepts(q).then((found) => {
        if (current) {
          setSuggestions(found);
          setActive(-1);
        }
      });
    }, SUGGEST_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [model, q, open]);

  const close = () => {
    setOpen(false);
    setSuggestions([]);
    setActive(-1);
  };
  const pick = (suggestion: ConceptSuggestion) => {
    model.setQuery({ q: withSuggestion(q, suggestion.prefLabel) });
    close();
  };
  const shown = open ? suggestions : [];

  return (
    <div className="styx-SearchTextBox">
      <input
        className="styx-SearchText styx-Input"
        type="search"
        value={q}
        placeholder={trans.__('Words, e.g. river water level')}
        aria-label={trans.__('Words to search for')}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          setOpen(true);
          model.setQuery({ q: event.currentTarget.value });
        }}
        onBlur={close}
        onKeyDown={(event) => {
          if (shown.length === 0) return;
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            const step = event.key === 'ArrowDown' ? 1 : -1;
            // Positions -1 (the text as typed) to shown.length - 1, wrapping round.
            const positions = shown.length + 1;
            setActive(((active + 1 + step + positions) % positions) - 1);
          } else if (event.key === 'Enter' && active >= 0 && shown[active]) {
            event.preventDefault(); // pick, do not search yet
            pick(shown[active]);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            close();
          }
        }}
      />
      {shown.length > 0 && (
        <div
          className="styx-ConceptSuggestions"
          id={listId}
          role="listbox"
          aria-label={trans.__('Thesaurus concepts')}
        >
          {shown.map((suggestion, index) => (
            <div
              key={suggestion.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // Reached with the arrow keys from the words box, which keeps the focus.
              tabIndex={-1}
              className={`styx-ConceptSuggestion${index === active ? ' styx-mod-active' : ''}`}
              title={trans.__('Also finds its synonyms and narrower concepts')}
              // Before the input's blur, which would close the list under the pointer.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(suggestion);
              }}
            >
              <span className="styx-ConceptSuggestion-label">{suggestion.prefLabel}</span>
              {suggestion.matchedSynonym && (
                <span className="styx-Hint">{trans.__('for “%1”', suggestion.matchedSynonym)}</span>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
