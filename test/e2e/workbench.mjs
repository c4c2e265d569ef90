// Drives the VS Code workbench (code-server) in Chromium the way a student does: command palette,
// quick open, keyboard. Every wait is on a visible condition with a timeout; no fixed sleeps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsDir } from './paths.mjs';

/** Thrown by a test that cannot run because the feature it needs is not there (reported as SKIP). */
export class SkipError extends Error {}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
const QUICK_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

/** Polls `fn` until it returns a truthy value; throws `message` (plus the last value) on timeout. */
export async function waitUntil(fn, { timeout = 15_000, interval = 200, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? ` (last error: ${lastError.message})` : last !== undefined ? ` (last value: ${JSON.stringify(last)})` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function screenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path }).catch(() => undefined);
  return path;
}

export async function waitForWorkbench(page, { timeout = 90_000 } = {}) {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout });
  // The explorer lists files once the remote file system answers: the workbench is usable then.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout });
}

async function closeQuickInput(page) {
  if (await page.locator(QUICK_INPUT).isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/** Opens the quick input with F1 and replaces its text with `text` (e.g. '>NetLens', ':3', 'file'). */
async function quickInput(page, text) {
  await closeQuickInput(page);
  const box = page.locator(QUICK_INPUT_BOX);
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await box.waitFor({ state: 'visible', timeout: 3_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      // Focus inside a webview's iframe can swallow F1: hand focus back to the workbench.
      await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
      await page.locator('.monaco-workbench .part.statusbar').focus().catch(() => undefined);
    }
  }
  await box.fill(text);
  return box;
}

/** Labels of the visible quick-pick rows. */
async function quickRows(page) {
  return page.locator(QUICK_ROWS).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

/**
 * Runs a command from the palette by its title as shown ("NetLens: Show Model Summary").
 * Throws SkipError when the palette has no such command.
 */
export async function runCommand(page, title, { timeout = 20_000 } = {}) {
  const matches = (label) => label.toLowerCase().replace(/\s+/g, ' ').startsWith(title.toLowerCase());
  const deadline = Date.now() + timeout;
  let rows = [];
  // The palette lists the commands known when it opens; right after start-up an extension's
  // contributions may still be arriving, so reopen it until the command shows or time is up.
  for (;;) {
    await quickInput(page, `>${title}`);
    try {
      await waitUntil(async () => (rows = await quickRows(page)).some(matches), { timeout: 3_000, message: `palette entry "${title}"` });
      break;
    } catch {
      await closeQuickInput(page);
      if (Date.now() > deadline) {
        throw new SkipError(`command "${title}" is not in the command palette (rows: ${JSON.stringify(rows.slice(0, 5))})`);
      }
    }
  }
  // Select exactly the matching row, not whatever is first.
  const index = (await quickRows(page)).findIndex(matches);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Opens a workspace file through quick open (as Ctrl+P would) and waits for its editor tab. */
export async function openFile(page, fileName) {
  await quickInput(page, fileName);
  await waitUntil(async () => (await quickRows(page)).some((l) => l.includes(fileName)), {
    timeout: 20_000,
    message: `quick open to list ${fileName}`,
  });
  const labels = await quickRows(page);
  const index = labels.findIndex((l) => l.includes(fileName));
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitUntil(
    () => page.locator('.tabs-container .tab.active').first().getAttribute('aria-label').then((l) => l?.includes(fileName)),
    { timeout: 15_000, message: `editor tab ${fileName} to be active` },
  );
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
}

/** Moves the cursor to `line` (1-based) and `column` with the "go to line" quick input. */
export async function goToLine(page, line, column = 1) {
  await quickInput(page, `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  await waitUntil(async () => {
    const status = await page.locator('#status\\.editor\\.selection').textContent().catch(() => '');
    return status?.includes(`Ln ${line},`);
  }, { timeout: 5_000, message: `cursor on line ${line}` }).catch(() => undefined);
}

/** Text of the active editor as rendered (view lines, including inlay hints shown inline). */
export async function activeEditorText(page) {
  return normalizeSpaces(await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText());
}

/** Rendered text of every editor on screen. */
export async function editorTexts(page) {
  return (await page.locator('.monaco-editor .view-lines').allInnerTexts()).map(normalizeSpaces);
}

/** Monaco renders spaces as U+00A0 so that they keep their width; compare with plain spaces. */
function normalizeSpaces(text) {
  return text.replace(/\u00a0/g, ' ');
}

/** The text of every frame's body (webviews are nested iframes). */
export async function allFrameTexts(page) {
  const texts = [];
  for (const frame of page.frames()) {
    texts.push(await frame.evaluate(() => document.body?.innerText ?? '').catch(() => ''));
  }
  return texts;
}

/** Finds the frame that contains `selector` (a webview's content frame), or undefined. */
export async function findFrameWith(page, selector) {
  for (const frame of page.frames()) {
    const n = await frame.locator(selector).count().catch(() => 0);
    if (n > 0) return frame;
  }
  return undefined;
}

/** Texts of the notification toasts on screen (errors such as "command 'x' not found"). */
export async function notificationTexts(page) {
  return page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
}

/**
 * Puts the workbench back to a plain state between tests (one editor area, no panel, no popups),
 * so each test and its screenshot show only what it is about. Unsaved edits are discarded.
 */
export async function resetWorkbench(page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editor Groups', { timeout: 5_000 });
  // A dirty editor asks whether to save: the tests' edits are throw-away.
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ });
  for (;;) {
    const shown = await dontSave.first().waitFor({ state: 'visible', timeout: 1_500 }).then(() => true, () => false);
    if (!shown) break;
    await dontSave.first().click();
  }
  if (await page.locator('.part.panel').isVisible().catch(() => false)) {
    await runCommand(page, 'View: Hide Panel', { timeout: 5_000 }).catch(() => undefined);
  }
}
