import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import { translateIn } from './i18n';

interface State {
  error: Error | null;
}

/**
 * Catches a render error (or a page chunk that no longer exists after a new release) and offers
 * a reload instead of a blank screen. Outside the locale context, so it reads the page language.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const locale = document.documentElement.lang === 'en-US' ? 'en-US' : 'zh-CN';
    return (
      <Result
        status="error"
        title={translateIn(locale, 'error.page')}
        subTitle={this.state.error.message}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {translateIn(locale, 'common.reload')}
          </Button>
        }
      />
    );
  }
}
