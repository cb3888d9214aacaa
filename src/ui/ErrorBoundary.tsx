// A screen that fails to draw must not take the counter down: every action is already committed, so
// show what went wrong and let the operator carry on with one key.
import { Box } from 'ink';
import { Component, type ReactNode } from 'react';
import { userMessage } from '../i18n/index.js';
import { Line } from './components.js';
import { useText } from './context.js';
import { useKeys } from './keys/useKeys.js';

function Fallback({ error, onReset }: { error: unknown; onReset: () => void }) {
  const { t } = useText();
  useKeys(() => onReset());
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Line text={`! ${userMessage(t, error)}`} bold color="red" />
      <Line text={t('tui.recover')} />
    </Box>
  );
}

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error) return <Fallback error={this.state.error} onReset={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
