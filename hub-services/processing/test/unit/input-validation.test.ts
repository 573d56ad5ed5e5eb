import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { InvalidExecutionError, validateInputs } from '../../src/jobs/input-validation.js';
import { FileInputSchema, type ProcessDefinition } from '../../src/processes/process.js';

const CATALOG = 'https://hub.example/services/catalog/';

const process: ProcessDefinition = {
  id: 'threshold',
  version: '1.0.0',
  title: 'Threshold',
  description: '',
  keywords: [],
  jobControlOptions: ['async-execute'],
  inputs: {
    series: {
      title: 'Series',
      description: 'a CSV of river levels',
      schema: FileInputSchema,
      file: { mediaType: 'text/csv' },
    },
    threshold: {
      title: 'Threshold',
      description: 'the level in metres',
      schema: Type.Number({ minimum: 0 }),
    },
    label: { title: 'Label', description: '', schema: Type.String(), optional: true },
  },
  outputs: {},
  image: 'localhost/styx/base:latest',
  resources: {},
  command: () => ['true'],
};

const invalid = (inputs: Record<string, unknown>, locations: readonly string[] = [CATALOG]) => {
  try {
    validateInputs(process, inputs, locations);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidExecutionError);
    return (error as Error).message;
  }
  throw new Error('the inputs were accepted');
};

describe('the inputs of an execute request', () => {
  it('are kept as given when valid, optional ones left out', () => {
    const inputs = { series: `${CATALOG}collections/levels/items/a/data.csv`, threshold: 2.5 };
    expect(validateInputs(process, inputs, [CATALOG])).toEqual(inputs);
  });

  it('are refused with every problem named at once: unknown, missing and invalid', () => {
    const message = invalid({ threshold: -1, colour: 'red' });
    expect(message).toContain("unknown input 'colour'");
    expect(message).toContain("input 'series' is required (a CSV of river levels)");
    expect(message).toMatch(/input 'threshold': .*>= 0/);
  });

  it('refuse a file from outside the allowed input locations, naming them', () => {
    const message = invalid({ series: 'http://127.0.0.1:8080/secret.csv', threshold: 1 });
    expect(message).toContain('http://127.0.0.1:8080/secret.csv is not a place Styx fetches');
    expect(message).toContain(CATALOG);
  });

  it('refuse a file whose catalog item lies outside the allowed locations', () => {
    const message = invalid({
      series: { href: `${CATALOG}data.csv`, 'styx:item': 'https://elsewhere.example/item' },
      threshold: 1,
    });
    expect(message).toContain('https://elsewhere.example/item is not a place');
  });

  it('say how to allow locations when none are configured', () => {
    expect(invalid({ series: `${CATALOG}data.csv`, threshold: 1 }, [])).toContain(
      'none configured: STYX_PROCESSING_INPUT_LOCATIONS',
    );
  });
});
