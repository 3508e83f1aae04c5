import * as fs from 'node:fs';

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  name?: string;
  image: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Reads a Dockerfile into stages of instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(file: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    const text = (pending ? `${pending.text} ` : '') + line.replace(/\\$/, '').trim();
    const start = pending?.line ?? index + 1;
    if (line.endsWith('\\')) {
      pending = { text, line: start };
      return;
    }
    pending = undefined;
    const [keyword, ...rest] = text.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: start });
  });

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      const resolved = image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, arg) => globalArgs[arg] ?? '');
      stages.push({ image: resolved, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name, value = ''] = instruction.args.split(/=(.*)/s, 2);
      globalArgs[name] = value;
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

export interface Copy {
  from?: string;
  sources: string[];
  destination: string;
  line: number;
}

/** The COPY instructions of a stage, flags split off. */
export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === 'COPY')
    .map((instruction) => {
      const words = instruction.args.split(/\s+/);
      const flags = words.filter((word) => word.startsWith('--'));
      const paths = words.filter((word) => !word.startsWith('--'));
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: paths.slice(0, -1), destination: paths[paths.length - 1], line: instruction.line };
    });
}

/** The last value of an instruction along a stage's chain of parents (USER, CMD, ...). */
export function effective(dockerfile: Dockerfile, stage: Stage, keyword: string): Instruction | undefined {
  const own = [...stage.instructions].reverse().find((instruction) => instruction.keyword === keyword);
  if (own) return own;
  const parent = dockerfile.stages.find((candidate) => candidate.name === stage.image);
  return parent ? effective(dockerfile, parent, keyword) : undefined;
}
