// Development entry (`npm run dev -- evaluate …` through tsx); the published bin uses dist/.
import { main } from './main.js';

process.exitCode = await main(process.argv);
