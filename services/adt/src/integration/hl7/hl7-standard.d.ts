// The independent HL7 parser the tests read our messages back with (it ships no types).
declare module 'hl7-standard' {
  export default class HL7 {
    constructor(raw: string, options?: { lineEndings?: string });
    transform(callback?: (error: Error | null) => void): void;
    get(path: string, index?: number): string | Record<string, string> | undefined;
    getSegments(name?: string): Array<{ type: string; get(path: string): string | Record<string, string> | undefined }>;
  }
}
