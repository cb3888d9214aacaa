import { useEffect, useState } from 'react';
import type { HubLinkView, HubNews } from '../app/counterApp.js';

/**
 * A workstation's link to the hub as React state: whether it is up now, and its news handed to
 * `onNews` (the link going or coming back, a write sent before a drop that was answered after it).
 * Without a link (a single laptop) it is always up and says nothing.
 */
export function useHubLink(link: HubLinkView | undefined, onNews?: (e: HubNews) => void): boolean {
  const [online, setOnline] = useState(() => link?.online ?? true);
  useEffect(() => {
    if (!link) return;
    let up = link.online;
    setOnline(up);
    return link.subscribe((e) => {
      if (e.kind === 'link') {
        // Said when it changes: while the hub is away the link says "down" at every redial (about
        // once a second), and each would wipe what the operator was just told ("nothing was done").
        if (e.up === up) return;
        up = e.up;
        setOnline(e.up);
      }
      if (e.kind !== 'state') onNews?.(e);
    });
  }, [link, onNews]);
  return online;
}
