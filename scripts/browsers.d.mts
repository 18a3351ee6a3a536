export const ENGINES: readonly ('chromium' | 'firefox' | 'webkit')[];
export function selectedEngines(value?: string): ('chromium' | 'firefox' | 'webkit')[];
export function chromiumPath(): string;
export const FIREFOX_PATH: string;
export function missingPackages(engine: string): (string | null)[];
export function keyActions(keys: string[]): { type: 'keyDown' | 'keyUp'; value: string }[];
export function startWebKit(): Promise<{
  options: { hostname: string; port: number; logLevel: 'error'; capabilities: Record<string, unknown> };
  stop(): void;
}>;
