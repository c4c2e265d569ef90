/**
 * A page's request for CIFAR-10 (the Train panel's, the data explorer's and the search's): the
 * folder in netlens.train.cifarPath, or one the student picks (then saved there), read on the host.
 */
import * as vscode from 'vscode';
import { SETTINGS } from '../ids';
import type { CifarMessage } from '../protocol/train';
import { currentLang } from '../displayLanguage';
import { readCifarFolder } from './trainCifar';

/** The reply to a loadCifar request: up to `maxSamples` images, or why there are none. */
export async function answerCifarRequest(pick: boolean, maxSamples: number, log: (text: string) => void): Promise<CifarMessage> {
  // netlens.train.cifarPath is machine-scoped (package.json): a workspace's settings cannot set it.
  const config = vscode.workspace.getConfiguration(SETTINGS.train);
  let folder = config.get<string>('cifarPath', '').trim();
  if (pick || !folder) {
    const chosen = await vscode.window.showOpenDialog({
      canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
      openLabel: vscode.l10n.t('Use this CIFAR-10 folder'), title: vscode.l10n.t('Folder with the CIFAR-10 binary batches (cifar-10-batches-bin)'),
    });
    if (!chosen?.[0]) {
      return { type: 'cifar', ok: false, message: vscode.l10n.t('No CIFAR-10 folder chosen. Pick the cifar-10-batches-bin folder, or set netlens.train.cifarPath.') };
    }
    folder = chosen[0].fsPath;
    await config.update('cifarPath', folder, vscode.ConfigurationTarget.Global);
  }
  try {
    const data = await readCifarFolder(folder, maxSamples, currentLang());
    log(`CIFAR-10: ${data.count} images from ${data.source}`);
    return { type: 'cifar', ok: true, data: { source: data.source, count: data.count, labels: data.labels, images: data.images } };
  } catch (err) {
    return { type: 'cifar', ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
