// Minimal typing for the parts of rdf-canonize we call.
declare module 'rdf-canonize' {
  export function canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
  export const NQuads: { parse(input: string): unknown[]; serialize(dataset: unknown[]): string };
}
