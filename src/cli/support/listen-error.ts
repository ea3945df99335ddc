import { CliError } from '../command-context.js';

/**
 * A failed `listen` said in the operator's terms: which setting holds the port and what to change.
 * Other errors are returned as they are.
 */
export function explainListenError(error: unknown, where: { setting: string; host: string; port: number }): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const { setting, host, port } = where;
  if (code === 'EADDRINUSE') {
    return new CliError(`${host}:${port} is already in use (${setting}=${port}): stop the process that listens there, or set ${setting} to a free port.`);
  }
  if (code === 'EACCES') {
    return new CliError(`not allowed to listen on ${host}:${port} (${setting}=${port}): ports below 1024 need privileges; set ${setting} to 1024 or above.`);
  }
  if (code === 'EADDRNOTAVAIL') {
    return new CliError(`${host} is not an address of this machine (HOST=${host}): set HOST to 0.0.0.0, 127.0.0.1 or one of its addresses.`);
  }
  return error;
}
