import { z } from 'zod';

// Zod 4 compiles object parsers with `new Function` when it may. The site's content security policy
// forbids eval, so zod's probe for it would be reported as a CSP violation in the browser; jitless mode
// parses the same inputs the same way without generated code. Every engine schema imports `z` from here,
// so the setting is in force before the first parse, in the browser and on the command line alike.
z.config({ jitless: true });

export { z };
