// The CLI entry: parse argv, run one command, and map every outcome to an exit code (SPEC §2).
// This is the only place that turns errors into messages; nothing here calls process.exit().
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError, PackoptError } from '../errors.js';
import { escapeControls } from '../text.js';
import { evaluateCommand } from './commands/evaluate.js';
import { optimizeCommand } from './commands/optimize.js';
import { configCommand } from './commands/config.js';
import { sweepCommand } from './commands/sweep.js';
import { trackCommand } from './commands/track.js';

/** The package's version, read from package.json (two folders up from src/cli and from dist/cli). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function buildProgram(result: { exitCode: number }): Command {
  const program = new Command('packopt')
    .description(
      'Find the box suite a warehouse should stock: simulate how shipments fit the current boxes, ' +
        'search a better suite of K sizes, and report the savings in volume, corrugate and air.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addCommand(evaluateCommand(result));
  program.addCommand(optimizeCommand(result));
  program.addCommand(sweepCommand());
  program.addCommand(trackCommand(result));
  program.addCommand(configCommand());
  for (const c of program.commands) c.exitOverride();
  return program;
}

let pipesGuarded = false;

/**
 * A reader that closes the pipe early (`packopt … | head`) ends the run quietly (SPEC §2): EPIPE on
 * stdout or stderr is not an error, and nothing more is written to that stream. Any other write
 * failure is an internal error, said in one line, without a stack trace.
 */
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    let closedByReader = false;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      // Writes after the reader left fail again (ERR_STREAM_DESTROYED): still not an error.
      if (closedByReader || err.code === 'EPIPE') {
        closedByReader = true;
        return;
      }
      if (stream !== process.stderr && process.stderr.writable) {
        process.stderr.write(`packopt: internal error: cannot write to stdout: ${err.message}\n`);
      }
      process.exitCode = 70;
    });
  }
}

/** Run the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  guardPipes();
  const result = { exitCode: 0 };
  const program = buildProgram(result);
  try {
    await program.parseAsync(argv);
    return result.exitCode;
  } catch (err) {
    return handleError(err);
  }
}

function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (or the help); help and --version are successes.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    if (err.code === 'commander.executeSubCommandAsync') return 70;
    return 2;
  }
  if (err instanceof PackoptError) {
    const head = err.exitCode === 2 ? 'error' : err.exitCode === 130 ? 'interrupted' : 'internal error';
    if (err instanceof InputError && err.total > 1) {
      process.stderr.write(`packopt: ${head}: ${err.total} problems in the input\n${err.message}\n`);
    } else {
      process.stderr.write(`packopt: ${head}: ${escapeControls(err.message)}\n`);
    }
    if (err.exitCode === 70 && process.env.PACKOPT_DEBUG) process.stderr.write(`${String((err as Error).stack)}\n`);
    return err.exitCode;
  }
  process.stderr.write(`packopt: internal error: ${escapeControls(err instanceof Error ? err.message : String(err))}\n`);
  if (process.env.PACKOPT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('(set PACKOPT_DEBUG=1 for a stack trace; please report this)\n');
  return 70;
}
