// What bench/centre.mjs needs from the centre, bundled by esbuild at bench time.
export { loadDomainData } from '../../src/app/data.js';
export { Centre } from '../../src/centre/app/centre.js';
export { fleetReport } from '../../src/centre/app/report.js';
export { ingestDossiers, ingestTrip } from '../../src/centre/app/ingest.js';
export { addVehicle } from '../../src/centre/app/vehicles.js';
export { translator } from '../../src/i18n/index.js';
export { pgBin } from '../../tests/helpers/pg.js';
export { procedureKey } from '../../src/core/receipt.js';
export { communeKey } from '../../src/core/officeUpdates.js';
export { FigureRepo } from '../../src/centre/store/figures.js';
