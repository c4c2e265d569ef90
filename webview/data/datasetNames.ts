/** A dataset's name in the page's language. */
import type { DatasetId } from '../shared/training/datasets';
import { t } from '../shared/i18n.svelte';

export function datasetName(id: DatasetId): string {
  return t(`data.dataset.${id}` as const);
}
