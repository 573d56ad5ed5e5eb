/**
 * Keeps one panel section's failure to itself: a catalog whose JSON has a field of an
 * unexpected shape must not blank the section for good. The user reads what failed and can
 * try again (for example after selecting another item).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

interface Props {
  trans: TranslationBundle;
  children: React.ReactNode;
}

interface State {
  error: Error | null;
}

export class SectionBoundary extends React.Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error('Styx: a panel section failed to render', error);
  }

  override render(): React.ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { trans } = this.props;
    return (
      <div className="styx-SectionError" role="alert">
        <p>{trans.__('This section could not show the catalog’s data: %1', error.message)}</p>
        <button
          type="button"
          className="styx-Button"
          onClick={() => this.setState({ error: null })}
        >
          {trans.__('Try again')}
        </button>
      </div>
    );
  }
}
