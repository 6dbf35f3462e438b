// Types for private-temp.mjs, so TypeScript tests can import it.

/** The variables os.tmpdir() reads. */
export declare const TEMP_VARIABLES: readonly string[];
/** Makes a new folder this process's temporary folder; the returned function restores and removes it. */
export declare function enterPrivateTempDir(prefix: string): () => void;
