import bwipjs from 'bwip-js/browser';
import { useMemo } from 'react';
import { barcodeOptions } from './barcode-options';

/**
 * A barcode as an image drawn by bwip-js (SVG, so it prints sharp at any printer resolution).
 * If the value cannot be encoded, it says so instead of printing a band that will not scan.
 */
export function Barcode({ text, label }: { text: string; label: string }) {
  const drawn = useMemo(() => {
    try {
      return { svg: bwipjs.toSVG(barcodeOptions(text)), problem: null };
    } catch (error) {
      return { svg: null, problem: (error as Error).message };
    }
  }, [text]);
  if (!drawn.svg)
    return (
      <p role="alert" className="stale">
        This barcode cannot be drawn ({drawn.problem}). Do not print it.
      </p>
    );
  return <img className="barcode" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(drawn.svg)}`} alt={label} />;
}
