import type { Locator, Page } from '@playwright/test';

/**
 * How many pixels of a screenshot of `map` lie within `tolerance` (the sum of the channels'
 * differences) of the colour `rgb`; decoded and counted in the browser.
 */
export async function colourPixels(
  page: Page,
  map: Locator,
  rgb: readonly [number, number, number],
  tolerance: number,
): Promise<number> {
  const png = await map.screenshot({ timeout: 60_000 });
  return page.evaluate(
    async ([base64, [r, g, b], within]) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      if (!context) return 0;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const distance =
          Math.abs((data[i] ?? 0) - r) +
          Math.abs((data[i + 1] ?? 0) - g) +
          Math.abs((data[i + 2] ?? 0) - b);
        if (distance < within) count++;
      }
      return count;
    },
    [png.toString('base64'), rgb, tolerance] as const,
  );
}
