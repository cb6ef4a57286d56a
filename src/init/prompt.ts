/**
 * How `isauth init` asks: on a terminal it asks the operator (y/N, or a line to paste);
 * `--yes` answers yes to every question and pastes nothing; `--print-config` never asks (it runs
 * what it must and says so on stderr).
 */
import { createInterface } from 'node:readline/promises';

export interface Asker {
  /** A yes/no question; the default is no. */
  confirm(question: string): Promise<boolean>;
  /** One line of input (a pasted cookie value); '' when skipped. */
  line(question: string): Promise<string>;
}

/** Answers without a person: `yes` to every confirmation, nothing pasted. */
export function fixedAsker(yes: boolean): Asker {
  return { confirm: async () => yes, line: async () => '' };
}

/** Asks on a terminal. */
export function terminalAsker(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Asker {
  const ask = async (q: string): Promise<string> => {
    const rl = createInterface({ input, output, terminal: true });
    try {
      return (await rl.question(q)).trim();
    } finally {
      rl.close();
    }
  };
  return {
    confirm: async (q) => /^y(es)?$/i.test(await ask(`${q} [y/N] `)),
    line: (q) => ask(q),
  };
}
