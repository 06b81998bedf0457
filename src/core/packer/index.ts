// Multi-item packing: the API the rest of packopt uses (fit one shipment to one box with proof,
// and the fit frontier of a shipment over the search grid).
export type { FitFrontier, FrontierGrid, PackOptions, PackUnitSpec, PackedUnit } from './types.js';
export { packShipment } from './pack-shipment.js';
export { computeFitFrontier, frontierFits } from './frontier.js';
