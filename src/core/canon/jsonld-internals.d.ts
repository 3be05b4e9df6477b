// Typing for the jsonld internals the fast canonicalizer reuses (context processing only).
declare module 'jsonld/lib/context.js' {
  const api: {
    process(args: { activeCtx: any; localCtx: unknown; options: any; propagate?: boolean; overrideProtected?: boolean }): Promise<any>;
    getInitialContext(options: any): any;
  };
  export default api;
}
declare module 'jsonld/lib/ContextResolver.js' {
  class ContextResolver {
    constructor(opts: { sharedCache: { get(k: string): unknown; set(k: string, v: unknown): unknown } });
  }
  export default ContextResolver;
}
declare module 'jsonld/lib/events.js' {
  const api: { setupEventHandler(args: { options: { safe?: boolean } }): unknown };
  export default api;
}
