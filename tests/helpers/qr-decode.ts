// Reading a QR code the way a phone's camera does, with a real decoder (jsQR), from modules drawn on
// a white page: for codes drawn as text (core/termqr.ts) on the screen, never our own reading of our
// own output.
import jsqrModule from 'jsqr';

// jsqr is CommonJS with its function as `default`: the same function whichever way Node hands it over
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof import('jsqr').default;

/** Dark modules (true) as black squares of 4 pixels on white, with a white margin; the decoded text, or null. */
export function decodeModules(modules: readonly (readonly boolean[])[]): string | null {
  const scale = 4;
  const margin = 8;
  const w = (Math.max(0, ...modules.map((r) => r.length)) + 2 * margin) * scale;
  const h = (modules.length + 2 * margin) * scale;
  const px = new Uint8ClampedArray(w * h * 4).fill(255);
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const i = (((r + margin) * scale + y) * w + (c + margin) * scale + x) * 4;
          px[i] = px[i + 1] = px[i + 2] = 0;
        }
    }),
  );
  return jsQR(px, w, h, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
