/**
 * The implementations of each codec stage, read from src/ with the TypeScript checker: every
 * export of the stage's folder that IS the interface (`phpIdCodec`) or a function returning it
 * (`laravelCookieCodec(opts)`). test/contracts/registry.test.ts compares them with the suites'
 * registrations.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface Stage {
  folder: string;
  interface: string;
  /** The suite function each implementation's test file calls. */
  suite: string;
  exports: string[];
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** Stage folder → its interface and suite (add a row when a stage gets a suite). */
const STAGES: ReadonlyArray<Omit<Stage, 'exports'>> = [
  { folder: 'src/cookie-codec', interface: 'CookieCodec', suite: 'runCookieCodecContract' },
  { folder: 'src/store-key', interface: 'KeyScheme', suite: 'runKeySchemeContract' },
  { folder: 'src/value-codec', interface: 'ValueCodec', suite: 'runValueCodecContract' },
  { folder: 'src/session-format', interface: 'SessionFormat', suite: 'runSessionFormatContract' },
];

function filesOf(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

export function stageImplementations(): Stage[] {
  const files = STAGES.flatMap((s) => filesOf(s.folder));
  const program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  return STAGES.map((stage) => {
    const names = new Set<string>();
    for (const f of filesOf(stage.folder)) {
      const sf = program.getSourceFile(f);
      const mod = sf && checker.getSymbolAtLocation(sf);
      if (!mod) continue;
      for (const sym of checker.getExportsOfModule(mod)) {
        const decl = sym.valueDeclaration ?? (sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym).valueDeclaration : undefined);
        if (!decl || decl.getSourceFile() !== sf) continue; // re-exports count where they are defined
        const type = checker.getTypeOfSymbolAtLocation(sym, decl);
        const returns = type.getCallSignatures().map((s) => checker.typeToString(s.getReturnType()));
        if (checker.typeToString(type) === stage.interface || returns.includes(stage.interface)) names.add(sym.getName());
      }
    }
    return { ...stage, exports: [...names].sort() };
  });
}
