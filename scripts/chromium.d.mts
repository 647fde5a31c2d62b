/** Path of the Chromium binary tests launch (`CHROMIUM_PATH`, default Debian's /usr/bin/chromium). */
export declare const CHROMIUM_PATH: string;
/** Command-line flags every test passes to Chromium. */
export declare const CHROMIUM_ARGS: string[];
