import type { Command } from 'commander';
import { CliError, configFor, print, printJson, type CommandIo } from '../command-context.js';
import { createMatonCtrl, MatonCtrlError } from '../maton/ctrl-client.js';
import { formatTable } from '../support/table.js';

type Ctrl = ReturnType<typeof createMatonCtrl>;

export function registerMaton(program: Command, io: CommandIo): void {
  const maton = program
    .command('maton')
    .description('Manage the Systeme.io connections of the Maton gateway (MATON_API_KEY, MATON_CTRL_URL)')
    .addHelpText(
      'after',
      '\nFor operators who call Systeme.io through the Maton gateway instead of\nwith SYSTEME_API_KEY.\n\nExamples:\n  MATON_API_KEY=… systeme-hooks maton connect\n  systeme-hooks maton connections',
    );

  /** Runs `fn` with a control-API client; Maton's refusals become plain failures (exit 1). */
  const withCtrl = async (fn: (ctrl: Ctrl, current: string | undefined) => Promise<void>) => {
    const config = configFor(io);
    const apiKey = config.env.MATON_API_KEY;
    if (!apiKey) throw new CliError('MATON_API_KEY: not set; copy your key from maton.ai → Settings');
    const ctrl = createMatonCtrl({ baseUrl: config.api.matonCtrlUrl, apiKey, timeoutMs: config.api.timeoutMs });
    try {
      await fn(ctrl, config.env.MATON_CONNECTION);
    } catch (error) {
      if (error instanceof MatonCtrlError) throw new CliError(error.message);
      throw error;
    }
  };

  maton
    .command('connections')
    .description('List the Systeme.io connections of the Maton account, with their status')
    .option('--json', 'print the connections as JSON')
    .addHelpText('after', '\nExamples:\n  systeme-hooks maton connections\n  systeme-hooks maton connections --json')
    .action((options: { json?: boolean }) =>
      withCtrl(async (ctrl, current) => {
        const connections = await ctrl.list();
        if (options.json) return printJson(io, connections);
        if (connections.length === 0) return print(io, 'No Systeme.io connection yet: run systeme-hooks maton connect.');
        const rows = connections.map((c) => [
          c.connection_id,
          c.status,
          c.creation_time ?? '',
          c.connection_id === current ? 'MATON_CONNECTION' : c.status === 'ACTIVE' ? '' : `authorise at ${c.url ?? '(no url)'}`,
        ]);
        print(io, formatTable(['ID', 'STATUS', 'CREATED', 'NOTE'], rows));
      }),
    );

  maton
    .command('connect')
    .description('Create a Systeme.io connection and print the URL to open to authorise it')
    .addHelpText('after', '\nOpen the printed URL in a browser and authorise Systeme.io; the connection\nis then ACTIVE.\n\nExample:\n  systeme-hooks maton connect')
    .action(() =>
      withCtrl(async (ctrl) => {
        const created = await ctrl.create();
        const url = created.url ?? (await ctrl.get(created.connection_id)).url;
        print(io, `Created connection ${created.connection_id} (${created.status}).`);
        print(io, url ? `Open this URL to authorise Systeme.io:\n  ${url}` : 'Maton gave no authorisation URL: finish the connection at maton.ai.');
        print(io, `With several connections, choose this one with MATON_CONNECTION=${created.connection_id}.`);
      }),
    );

  maton
    .command('disconnect')
    .description('Delete a Maton connection')
    .argument('<id>', 'connection id (see maton connections)')
    .addHelpText('after', '\nExample:\n  systeme-hooks maton disconnect 21fd90f9-5935-43cd-b6c8-bde9d915ca80')
    .action((id: string) =>
      withCtrl(async (ctrl) => {
        await ctrl.delete(id);
        print(io, `Deleted connection ${id}.`);
      }),
    );
}
