/**
 * Which URIs NetLens opens as a model spec when the URI comes from outside its own code: the
 * Train panel's saved webview state (src/panels/trainPanel.ts) and a summary document's query
 * (src/features/summary.ts). Both are input a page or a link can forge, so a spec must be one
 * of NetLens's own kinds of document: on a scheme that holds user files, and either named
 * `*.netspec` or an open document in the netspec language. Pure, so unit tests run it.
 */
import { LANGUAGE_ID, SPEC_EXTENSION, SUMMARY_SCHEME } from '../ids';

/**
 * Schemes a spec may live on: files on disk, unsaved editors, remote workspaces and the virtual
 * file systems of virtual workspaces (package.json declares virtualWorkspaces support).
 */
export const SPEC_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote', 'vscode-vfs'];

/** The parts of a URI the check reads (a vscode.Uri has them). */
export interface UriParts {
  scheme: string;
  path: string;
}

export interface SpecUriContext {
  /** The language of the open document with this URI, if one is open. */
  languageId?: string;
  /** More allowed schemes: those of the open workspace folders. */
  workspaceSchemes?: readonly string[];
}

/** True when `uri` names a spec NetLens may open on behalf of saved state or a link. */
export function isSpecDocumentUri(uri: UriParts, context: SpecUriContext = {}): boolean {
  const scheme = uri.scheme.toLowerCase();
  const schemes = [...SPEC_SCHEMES, ...(context.workspaceSchemes ?? [])];
  if (scheme === SUMMARY_SCHEME || !schemes.includes(scheme)) return false;
  if (context.languageId !== undefined) return context.languageId === LANGUAGE_ID;
  return uri.path.toLowerCase().endsWith(SPEC_EXTENSION);
}
