import { isDeepStrictEqual } from 'node:util';
import type { HttpTarget } from './http-client.js';
import type { QuerySpec } from './query-mix.js';

/**
 * Before timing: each query once against both servers. Each must answer 200; both must agree
 * on numberMatched and on the returned ids (in order); and where the answer is known from the
 * generated items, it must be that.
 */
export interface Answer {
  status: number;
  numberMatched?: number;
  numberReturned?: number;
  ids: string[];
  /** The start of a non-200 body, to say why. */
  error?: string;
}

export interface QueryCheck {
  name: string;
  description: string;
  answers: Record<string, Answer>;
  expectedMatched?: number;
  problems: string[];
}

function read(shape: QuerySpec['shape'], status: number, body: unknown): Answer {
  const doc = (body ?? {}) as Record<string, unknown>;
  if (status !== 200) {
    return {
      status,
      ids: [],
      error: (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300),
    };
  }
  const list =
    shape === 'item'
      ? [doc]
      : (((shape === 'collections' ? doc.collections : doc.features) as
          | Record<string, unknown>[]
          | undefined) ?? []);
  const answer: Answer = { status, ids: list.map((f) => String(f.id)) };
  if (typeof doc.numberMatched === 'number') answer.numberMatched = doc.numberMatched;
  if (typeof doc.numberReturned === 'number') answer.numberReturned = doc.numberReturned;
  return answer;
}

export async function checkQueries(
  targets: Record<string, HttpTarget>,
  mix: QuerySpec[],
): Promise<QueryCheck[]> {
  const checks: QueryCheck[] = [];
  for (const query of mix) {
    const answers: Record<string, Answer> = {};
    for (const [server, target] of Object.entries(targets)) {
      const { status, body } = await target.json(query.request);
      answers[server] = read(query.shape, status, body);
    }
    const problems: string[] = [];
    for (const [server, a] of Object.entries(answers)) {
      if (a.status !== 200) problems.push(`${server} answered HTTP ${a.status}: ${a.error ?? ''}`);
      else if (query.expectedMatched !== undefined && a.numberMatched !== query.expectedMatched) {
        problems.push(
          `${server}: numberMatched ${a.numberMatched ?? '(absent)'}, expected ${query.expectedMatched} from the generated items`,
        );
      }
      if (a.status === 200 && query.expectedId !== undefined && a.ids[0] !== query.expectedId) {
        problems.push(`${server}: returned item '${a.ids[0]}', expected '${query.expectedId}'`);
      }
    }
    const [first, ...rest] = Object.entries(answers);
    for (const [server, a] of rest) {
      const [name0, a0] = first!;
      if (a0.status !== 200 || a.status !== 200) continue;
      if (a0.numberMatched !== a.numberMatched) {
        problems.push(
          `numberMatched differs: ${name0} ${a0.numberMatched ?? '(absent)'}, ${server} ${a.numberMatched ?? '(absent)'}`,
        );
      }
      if (!isDeepStrictEqual(a0.ids, a.ids)) {
        const sameSet = isDeepStrictEqual([...a0.ids].sort(), [...a.ids].sort());
        problems.push(
          `ids differ${sameSet ? ' (same ids, different order)' : ''}: ${name0} returned ${a0.ids.length} [${a0.ids.slice(0, 3).join(', ')}...], ${server} returned ${a.ids.length} [${a.ids.slice(0, 3).join(', ')}...]`,
        );
      }
    }
    checks.push({
      name: query.name,
      description: query.description,
      answers,
      ...(query.expectedMatched !== undefined ? { expectedMatched: query.expectedMatched } : {}),
      problems,
    });
  }
  return checks;
}
