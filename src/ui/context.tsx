import { createContext, useContext } from 'react';
import type { Lang } from '../core/lang.js';
import type { Translate } from '../i18n/index.js';

export interface UiText {
  t: Translate;
  lang: Lang;
}
export const TextContext = createContext<UiText | null>(null);

export function useText(): UiText {
  const v = useContext(TextContext);
  if (!v) throw new Error('TextContext missing');
  return v;
}
