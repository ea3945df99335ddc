#!/usr/bin/env node
import { readEnvironment } from '../config/environment.js';
import { runCli } from './program.js';
import { exitQuietlyOnClosedPipe } from './support/closed-pipe.js';

exitQuietlyOnClosedPipe([process.stdout, process.stderr]);
const code = await runCli(process.argv.slice(2), {
  env: readEnvironment(),
  stdout: process.stdout,
  stderr: process.stderr,
});
// Long-running commands (serve, work, start, sim) return 0 while they keep running.
if (code !== 0) process.exitCode = code;
