/**
 * Template filling on its own module, so a webview that renders the templates its host sent
 * (src/core/i18n messagesFor) bundles this function and not the catalogues.
 */
import type { LocalizedText, MessageArg, MessageRef } from './index';

/**
 * Fills a template's `{name}` placeholders; an unknown name stays as written. A nested message ref
 * is rendered by `renderRef` (render() passes itself; a webview has only plain arguments).
 */
export function format(
  template: string,
  args: Readonly<Record<string, MessageArg>>,
  renderRef: (ref: MessageRef | LocalizedText) => string = (r) => ('text' in r ? r.text.en : r.id),
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = args[name];
    if (v === undefined) return whole;
    return typeof v === 'object' ? renderRef(v) : String(v);
  });
}
