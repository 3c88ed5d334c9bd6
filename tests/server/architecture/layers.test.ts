import path from 'node:path';
import { ESLint } from 'eslint';
import madge from 'madge';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../platform/processes.js';

/** Lints `code` as if it were the file at `file` (relative to the repository), returning the boundary errors. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

/** The server's import graph (type imports included), files named relative to server/src. */
function serverGraph(): ReturnType<typeof madge> {
  return madge(path.join(repoRoot, 'server/src'), {
    fileExtensions: ['ts'],
    tsConfig: path.join(repoRoot, 'server/tsconfig.json'),
  });
}

describe('the server layers', () => {
  it('refuse an import against the direction: common may not import a module or the document core, a module may not import the HTTP layer', async () => {
    expect(
      await boundaryErrors(
        'server/src/common/example.ts',
        "import type { Viewer } from '../modules/account/access.js';\nexport type V = Viewer;\n",
      ),
    ).toEqual([expect.stringContaining('A common file may not import modules')]);
    expect(
      await boundaryErrors(
        'server/src/common/example.ts',
        "import { limits } from '@casebook/schema';\nexport const L = limits;\n",
      ),
    ).toEqual([expect.stringContaining('A common file may not import')]);
    expect(
      await boundaryErrors(
        'server/src/modules/lesson/example.ts',
        "import type { HttpContext } from '../../http/http-context.js';\nexport type H = HttpContext;\n",
      ),
    ).toEqual([expect.stringContaining('A modules file may not import http')]);
  });

  it('allow imports along the direction: the HTTP layer importing modules and common, a module importing common', async () => {
    expect(
      await boundaryErrors(
        'server/src/http/example.ts',
        "import type { Context } from '../modules/context.js';\nimport { AppError } from '../common/errors.js';\nexport type C = Context;\nexport const E = AppError;\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'server/src/modules/lesson/example.ts',
        "import { limits } from '@casebook/schema';\nimport { AppError } from '../../common/errors.js';\nexport const E = [AppError, limits];\n",
      ),
    ).toEqual([]);
  });

  it('have no import cycle, type imports included', async () => {
    expect((await serverGraph()).circular()).toEqual([]);
  });

  it('keep the audit log below accounts: no file under modules/audit imports from modules/account', async () => {
    const imports = (await serverGraph()).obj();
    const auditFiles = Object.keys(imports).filter((file) => file.startsWith('modules/audit/'));
    expect(auditFiles.length).toBeGreaterThan(0);
    const intoAccount = auditFiles.flatMap((file) =>
      (imports[file] ?? []).filter((dep) => dep.startsWith('modules/account/')).map((dep) => `${file} -> ${dep}`),
    );
    expect(intoAccount).toEqual([]);
  });
});
