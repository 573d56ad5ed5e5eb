import { Type } from 'typebox';
import { FileInputSchema, type ProcessInput } from './process.js';

/** The inputs of the built-in processes that read a CSV series (a gauge, a virtual station). */
export const seriesInput: ProcessInput = {
  title: 'Series',
  description: 'The CSV time series: its URL, for example a catalog asset href.',
  schema: FileInputSchema,
  file: { mediaType: 'text/csv' },
};

export function columnInput(description: string): ProcessInput {
  return {
    title: 'Column',
    description,
    schema: Type.String({ default: 'water_level_m', pattern: '^[A-Za-z0-9_:. -]{1,64}$' }),
    optional: true,
  };
}
