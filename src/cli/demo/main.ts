import { readEnvironment } from '../../config/environment.js';
import { safeOutput } from '../shared/terminal-text.js';
import { runDemo } from './run-demo.js';

// Everything the demo started is closed by then; exit without waiting for idle sockets to time out.
process.exit(await runDemo(readEnvironment(), safeOutput(process.stdout)));
