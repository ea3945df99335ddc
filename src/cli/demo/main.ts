import { readEnvironment } from '../../config/environment.js';
import { safeOutput } from '../support/terminal-text.js';
import { runDemo } from './run-demo.js';

// Stopped early (Ctrl-C, SIGTERM): exit at once; the redis-server the demo started is killed on exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

// Everything the demo started is closed by then, in order; exit without waiting for idle keep-alive sockets.
process.exit(await runDemo(readEnvironment(), safeOutput(process.stdout)));
