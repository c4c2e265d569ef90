/**
 * `netlens export`: writes a spec as a PyTorch script, a Keras script or a notebook.
 *
 *   netlens export --to pytorch|keras|ipynb [--framework keras|pytorch] [--out FILE] SPEC
 *
 * Exit status as `netlens summary`: 0 written, 1 the spec has errors (printed as
 * FILE:LINE:COL: error: MESSAGE, nothing written), 2 usage error or unreadable/unwritable file.
 */
import { analyze } from './core';
import { exportModel, type ExportTarget } from './core/export';

export const EXPORT_USAGE = `Usage: netlens export --to pytorch|keras|ipynb [--framework keras|pytorch] [--out FILE] SPEC

Writes the model of a .netspec file (SPEC, or - for standard input) as runnable code:
  pytorch   a PyTorch script (runs on CPU, GPU, and under torchrun with DistributedDataParallel)
  keras     a Keras 3 script (--strategy mirrored for several GPUs)
  ipynb     a Colab/Jupyter notebook holding the PyTorch (default) or Keras code

Options:
  --to TARGET          pytorch, keras or ipynb
  --framework NAME     for ipynb: pytorch (default) or keras
  --out FILE           write there instead of standard output

Every generated script takes --summary, --steps N, --epochs, --batch-size, --lr,
--data DIR and --weights FILE.
Example:
  netlens export --to pytorch --out model.py examples/lecture6-cifar.netspec
`;

export interface ExportIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile: (path: string) => string;
  writeFile?: (path: string, text: string) => void;
}

const TARGETS: readonly ExportTarget[] = ['pytorch', 'keras', 'ipynb'];

function fail(io: ExportIo, message: string): number {
  io.err(`netlens export: ${message}\nTry 'netlens export --help'.\n`);
  return 2;
}

export function runExport(argv: string[], io: ExportIo): number {
  let to: string | undefined;
  let framework: string | undefined;
  let outFile: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string) => (arg === flag ? argv[++i] : arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : undefined);
    if (arg === '-h' || arg === '--help') {
      io.out(EXPORT_USAGE);
      return 0;
    }
    if (arg === '--to' || arg.startsWith('--to=')) to = value('--to') ?? '';
    else if (arg === '--framework' || arg.startsWith('--framework=')) framework = value('--framework') ?? '';
    else if (arg === '--out' || arg.startsWith('--out=')) outFile = value('--out') ?? '';
    else if (arg.startsWith('-') && arg !== '-') return fail(io, `unknown option '${arg}'`);
    else files.push(arg);
  }
  if (!to || !TARGETS.includes(to as ExportTarget)) return fail(io, `--to must be one of ${TARGETS.join(', ')}${to ? `, not '${to}'` : ''}`);
  if (framework !== undefined && framework !== 'pytorch' && framework !== 'keras') return fail(io, `--framework must be pytorch or keras, not '${framework}'`);
  if (framework !== undefined && to !== 'ipynb') return fail(io, '--framework only applies to --to ipynb');
  if (outFile === '') return fail(io, '--out needs a file name');
  if (files.length !== 1) return fail(io, `export takes exactly one SPEC file, got ${files.length}`);

  const file = files[0];
  const shownName = file === '-' ? '<stdin>' : file;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(`netlens: cannot read ${shownName}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}\n`);
    return 2;
  }
  const result = exportModel(analyze(text), to as ExportTarget, { specName: file === '-' ? 'model.netspec' : file, framework: framework as 'pytorch' | 'keras' | undefined });
  if (!result.ok) {
    io.err(`${result.message.replace(/\bmodel\.netspec\b/g, shownName)}\n`);
    return 1;
  }
  if (outFile && outFile !== '-') {
    try {
      if (!io.writeFile) throw new Error('writing files is not available here');
      io.writeFile(outFile, result.text);
    } catch (e) {
      io.err(`netlens: cannot write ${outFile}: ${(e as Error).message}\n`);
      return 2;
    }
    io.err(`netlens: wrote ${outFile}\n`);
  } else io.out(result.text);
  return 0;
}
