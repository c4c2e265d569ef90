/**
 * The `netlens` command: prints a spec's Keras-style summary (or JSON) without VS Code.
 *
 *   netlens summary FILE            the model.summary() table
 *   netlens summary --json FILE     layers, totals and diagnostics as JSON (1-based lines/columns)
 *
 * Diagnostics go to stderr as `FILE:LINE:COL: error: MESSAGE`, like a compiler, so editors and CI
 * logs can jump to them. Exit status: 0 no errors, 1 the spec has errors, 2 usage error or
 * unreadable file.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { analyze, formatSummary } from './core';
import { parseLang, resolveLang, t, type Lang } from './core/i18n';
import type { Analysis, Diagnostic } from './core';
import { version } from '../package.json';
import { runExport } from './cliExport';
import { runPythonSummary } from './cliPython';

const USAGE = `Usage: netlens summary [--json] [--name MODEL_NAME] [--lang en|ko] FILE
       netlens summary [--json] [--input 3x32x32] [--model NAME] FILE.py|FILE.ipynb
       netlens export --to pytorch|keras|ipynb [--framework keras|pytorch] [--out FILE] FILE
       netlens --help | --version

Reads a .netspec model spec (FILE, or - for standard input) and prints its Keras
model.summary() table: every layer's output shape and parameter count, and the
total, trainable and non-trainable parameters.

Options:
  --json               print JSON instead: layers (name, type, line, outputShape,
                       params, trainableParams, macs, activationBytes), totals and
                       diagnostics; lines and columns are 1-based
  --name MODEL_NAME    the name in the 'Model: "..."' header (default: sequential)
  --lang en|ko         the language of the messages (default: ko when LC_ALL,
                       LC_MESSAGES or LANG starts with ko, else en); Keras's
                       summary table stays as Keras prints it
  --input SHAPE        Python: the input of one sample (3x32x32 for PyTorch,
                       32x32x3 for Keras) when the file does not give it
  --model NAME         Python: only the model NAME (a class or a variable)
  -h, --help           show this help
  -V, --version        show the version

Problems in the spec go to standard error as FILE:LINE:COL: error: MESSAGE
(control characters from the spec are written as \\xNN escapes).
Exit status: 0 no errors, 1 the spec has errors or holds no model, 2 usage error,
unreadable file or a file over 16 MiB.

Example:
  netlens summary examples/lecture6-cifar.netspec
`;

/** What `--json` prints: the contract of issue 2 §4 (plus each diagnostic's stable code). */
export interface SummaryJson {
  layers: Array<{
    name: string;
    type: string;
    line: number;
    outputShape: Array<number | null> | null;
    params: number;
    trainableParams: number;
    macs: number;
    activationBytes: number;
  }>;
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** False when an error leaves shapes unknown: the totals then cover only the layers above it. */
  totalsKnown: boolean;
  /** The totals as exact decimal strings (the numbers above round once a total passes 2^53). */
  exactTotals: { totalParams: string; trainableParams: string; nonTrainableParams: string; totalMacs: string };
  diagnostics: Array<{ line: number; column: number; endColumn: number; severity: string; message: string; code: string }>;
}

/** The JSON view of an analysis; positions turn 1-based here and nowhere else. */
export function toJson(a: Analysis): SummaryJson {
  return {
    layers: a.layers.map((l) => ({
      name: l.name,
      type: l.kerasClass,
      line: l.line + 1,
      // Keras writes the batch axis as None; JSON's equivalent is null. Unknown shape: null.
      outputShape: l.outputShape ? [null, ...l.outputShape] : null,
      params: l.params,
      trainableParams: l.trainableParams,
      macs: l.macs,
      activationBytes: l.activationBytes,
    })),
    totalParams: a.totalParams,
    trainableParams: a.trainableParams,
    nonTrainableParams: a.nonTrainableParams,
    totalsKnown: a.totalsKnown,
    exactTotals: a.exactTotals,
    diagnostics: a.diagnostics.map((d) => ({
      line: d.line + 1,
      column: d.start + 1,
      endColumn: d.end + 1,
      severity: d.severity,
      message: d.message,
      code: d.code,
    })),
  };
}

/**
 * Writes C0 and C1 control characters (ESC, BEL, CSI, ...) as \xNN, keeping newlines and tabs:
 * a spec's text must not reach the terminal as commands (set its title, move the cursor).
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `FILE:LINE:COL: error: MESSAGE`, the form compilers use and editors link. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return escapeControl(`${file}:${d.line + 1}:${d.start + 1}: ${d.severity}: ${d.message}`);
}

/** The largest spec the CLI reads: far beyond any model, well within memory. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Thrown by a reader when the input passes MAX_INPUT_BYTES; `size` in bytes when known. */
export class InputTooLarge extends Error {
  constructor(readonly size: number | undefined) {
    super('input too large');
  }
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Reads a spec as UTF-8 (`-`: standard input); throws InputTooLarge past MAX_INPUT_BYTES. */
  readFile: (path: string) => string;
  writeFile?: (path: string, text: string) => void;
  /** The environment's locale variables (LC_ALL, LC_MESSAGES, LANG) when no --lang is given. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The POSIX locale in force (LC_ALL over LC_MESSAGES over LANG) read as a NetLens language. */
export function langFromEnv(env: Readonly<Record<string, string | undefined>> = {}): Lang {
  return resolveLang('auto', env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

/**
 * Reads a file or standard input (`-`) as UTF-8, refusing more than `maxBytes`: a regular file's
 * size is checked before anything is read, standard input as it arrives.
 */
export function readSpec(path: string, maxBytes = MAX_INPUT_BYTES): string {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.isFile() && st.size > maxBytes) throw new InputTooLarge(st.size);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(1 << 16);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        // A non-blocking standard input with nothing yet: wait for it rather than fail.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((e as NodeJS.ErrnoException).code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new InputTooLarge(undefined);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

class UsageError extends Error {}

interface Options {
  command?: string;
  json: boolean;
  name?: string;
  lang?: Lang;
  /** Python files: --input and --model (see cliPython.ts). */
  input?: string;
  model?: string;
  files: string[];
  help: boolean;
  version: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, files: [], help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      opts.files.push(...argv.slice(i + 1));
      break;
    } else if (arg === '-h' || arg === '--help') opts.help = true;
    else if (arg === '-V' || arg === '--version') opts.version = true;
    else if (arg === '--json') opts.json = true;
    else if (arg === '--name' || arg.startsWith('--name=')) {
      const value = arg === '--name' ? argv[++i] : arg.slice('--name='.length);
      if (!value) throw new UsageError('--name needs a value, e.g. --name cifar_cnn');
      opts.name = value;
    } else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? argv[++i] : arg.slice('--lang='.length);
      const lang = parseLang(value);
      if (!lang) throw new UsageError(`--lang is en or ko, not '${value ?? ''}'`);
      opts.lang = lang;
    } else if (arg === '--input' || arg === '--model' || arg.startsWith('--input=') || arg.startsWith('--model=')) {
      const key = arg.slice(2, 7) as 'input' | 'model';
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new UsageError(`--${key} needs a value, e.g. ${key === 'input' ? '--input 3x32x32' : '--model Net'}`);
      opts[key] = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else if (opts.command === undefined) opts.command = arg;
    else opts.files.push(arg);
  }
  return opts;
}

/** Runs the command line; returns the exit status instead of exiting, so it stays testable. */
export function runCli(argv: string[], io: Io): number {
  if (argv[0] === 'export') return runExport(argv.slice(1), io);
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.err(`netlens: ${(e as Error).message}\nTry 'netlens --help'.\n`);
    return 2;
  }
  if (opts.help || opts.command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (opts.version) {
    io.out(`netlens ${version}\n`);
    return 0;
  }
  if (opts.command === undefined) {
    io.err(`netlens: no command given\n\n${USAGE}`);
    return 2;
  }
  if (opts.command !== 'summary') {
    io.err(`netlens: unknown command '${opts.command}' (the command is 'summary')\nTry 'netlens --help'.\n`);
    return 2;
  }
  if (opts.files.length !== 1) {
    io.err(`netlens: summary takes exactly one FILE, got ${opts.files.length}\nTry 'netlens --help'.\n`);
    return 2;
  }

  const file = opts.files[0];
  const shownName = file === '-' ? '<stdin>' : file;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    if (e instanceof InputTooLarge) {
      const what = file === '-' ? `standard input is more than ${mib(MAX_INPUT_BYTES)}` : `${escapeControl(shownName)} is ${mib(e.size ?? 0)}`;
      io.err(`netlens: ${what}; netlens reads specs of up to ${mib(MAX_INPUT_BYTES)} (a model spec is a few KiB).\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    io.err(escapeControl(`netlens: cannot read ${shownName}: ${why}`) + '\n');
    return 2;
  }
  // VS Code does not count a byte-order mark as a column; neither do we, so positions agree.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const lang = opts.lang ?? langFromEnv(io.env);
  if (/\.(py|ipynb)$/i.test(file)) return runPythonSummary(shownName, text, { json: opts.json, input: opts.input, model: opts.model, lang }, io);
  const analysis = analyze(text, { lang });
  for (const d of analysis.diagnostics) io.err(formatDiagnostic(shownName, d) + '\n');
  if (!analysis.input && analysis.layers.length === 0 && analysis.diagnostics.length === 0) {
    io.err(escapeControl(`netlens: ${t(lang, 'cli.noModel', { file: shownName })}`) + '\n');
    return 1;
  }
  if (opts.json) io.out(escapeControl(JSON.stringify(toJson(analysis), null, 2)) + '\n');
  else {
    const table = escapeControl(formatSummary(analysis, opts.name ? { modelName: opts.name } : {}));
    io.out(table.endsWith('\n') ? table : table + '\n');
  }
  return analysis.hasErrors ? 1 : 0;
}

function main(): void {
  // `netlens summary x | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const status = runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readFile: (p) => readSpec(p),
    writeFile: (p, text) => writeFileSync(p, text, 'utf8'),
    env: process.env,
  });
  // exitCode rather than exit(): lets stdout drain when it is a pipe.
  process.exitCode = status;
}

if (require.main === module) main();
