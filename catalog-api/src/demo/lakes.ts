/**
 * Hand-drawn outlines of real lakes and reservoirs. Shapes are coarse; each outline is rescaled
 * about its centre to the documented mean surface area, so areas are right even where the
 * drawing is not.
 */

import type { Monthly } from './basins.js';
import { ringAreaKm2, ringCentre } from './geo.js';
import type { Position } from './stac-types.js';

export interface LakeSpec {
  id: string;
  name: string;
  basinId: string;
  kind: 'natural lake' | 'reservoir' | 'floodplain lake';
  /** Six digits in the PLD-like lake identifier (synthetic). */
  pldNumber: string;
  /** Open ring, lon/lat. */
  outline: readonly Position[];
  meanAreaKm2: number;
  meanWseM: number;
  /** Typical annual range of the water level, metres. */
  seasonalRangeM: number;
  /** Relative monthly water level, 1 at the seasonal high. */
  regime: Monthly;
  /** Relative change of surface area per metre of level, normalised by the seasonal range. */
  areaElasticity: number;
}

export const LAKES: readonly LakeSpec[] = [
  {
    id: 'lac-leman',
    name: 'Lac Léman',
    basinId: 'rhone',
    kind: 'natural lake',
    pldNumber: '000117',
    outline: [
      [6.148, 46.205],
      [6.165, 46.28],
      [6.19, 46.315],
      [6.24, 46.38],
      [6.34, 46.46],
      [6.5, 46.51],
      [6.63, 46.505],
      [6.845, 46.46],
      [6.925, 46.395],
      [6.855, 46.385],
      [6.805, 46.39],
      [6.59, 46.4],
      [6.48, 46.375],
      [6.325, 46.37],
      [6.245, 46.3],
      [6.175, 46.215],
    ],
    meanAreaKm2: 580,
    meanWseM: 372.1,
    seasonalRangeM: 0.35,
    regime: [0.2, 0.15, 0.1, 0.2, 0.5, 0.8, 1, 0.95, 0.8, 0.6, 0.4, 0.3],
    areaElasticity: 0.005,
  },
  {
    id: 'lac-de-serre-poncon',
    name: 'Lac de Serre-Ponçon',
    basinId: 'rhone',
    kind: 'reservoir',
    pldNumber: '004362',
    outline: [
      [6.27, 44.47],
      [6.3, 44.5],
      [6.36, 44.53],
      [6.43, 44.55],
      [6.48, 44.57],
      [6.49, 44.55],
      [6.42, 44.52],
      [6.38, 44.47],
      [6.36, 44.44],
      [6.33, 44.47],
      [6.28, 44.46],
    ],
    meanAreaKm2: 24,
    meanWseM: 770,
    seasonalRangeM: 18,
    regime: [0.45, 0.3, 0.15, 0.05, 0.3, 0.85, 1, 0.95, 0.85, 0.75, 0.65, 0.55],
    areaElasticity: 0.35,
  },
  {
    id: 'lac-de-grand-lieu',
    name: 'Lac de Grand-Lieu',
    basinId: 'loire',
    kind: 'floodplain lake',
    pldNumber: '002918',
    outline: [
      [-1.74, 47.09],
      [-1.71, 47.12],
      [-1.66, 47.125],
      [-1.62, 47.1],
      [-1.63, 47.065],
      [-1.68, 47.05],
      [-1.725, 47.06],
    ],
    meanAreaKm2: 45,
    meanWseM: 2.5,
    seasonalRangeM: 1.2,
    regime: [1, 1, 0.85, 0.6, 0.4, 0.25, 0.12, 0.05, 0.05, 0.15, 0.45, 0.8],
    areaElasticity: 0.5,
  },
  {
    id: 'lac-d-orient',
    name: "Lac d'Orient",
    basinId: 'seine',
    kind: 'reservoir',
    pldNumber: '003327',
    outline: [
      [4.32, 48.275],
      [4.35, 48.3],
      [4.395, 48.305],
      [4.425, 48.285],
      [4.405, 48.255],
      [4.36, 48.25],
      [4.33, 48.258],
    ],
    meanAreaKm2: 20,
    meanWseM: 128,
    seasonalRangeM: 5,
    regime: [0.5, 0.65, 0.8, 0.9, 0.97, 1, 0.85, 0.6, 0.35, 0.2, 0.2, 0.3],
    areaElasticity: 0.4,
  },
  {
    id: 'bodensee',
    name: 'Bodensee (Lake Constance)',
    basinId: 'rhine',
    kind: 'natural lake',
    pldNumber: '000204',
    outline: [
      [9.74, 47.505],
      [9.66, 47.49],
      [9.49, 47.48],
      [9.43, 47.52],
      [9.38, 47.565],
      [9.18, 47.648],
      [9.175, 47.668],
      [9.12, 47.73],
      [9.06, 47.815],
      [9.16, 47.765],
      [9.27, 47.69],
      [9.32, 47.675],
      [9.48, 47.65],
      [9.54, 47.595],
      [9.68, 47.545],
    ],
    meanAreaKm2: 536,
    meanWseM: 395.3,
    seasonalRangeM: 1.5,
    regime: [0.1, 0.05, 0.05, 0.15, 0.45, 0.85, 1, 0.8, 0.55, 0.35, 0.2, 0.15],
    areaElasticity: 0.01,
  },
  {
    id: 'balaton',
    name: 'Balaton',
    basinId: 'danube',
    kind: 'natural lake',
    pldNumber: '000311',
    outline: [
      [17.25, 46.72],
      [17.6, 46.85],
      [17.9, 46.98],
      [18.15, 47.05],
      [18.05, 46.93],
      [17.75, 46.8],
      [17.45, 46.72],
      [17.25, 46.7],
    ],
    meanAreaKm2: 592,
    meanWseM: 104.8,
    seasonalRangeM: 0.3,
    regime: [0.5, 0.65, 0.85, 1, 0.95, 0.8, 0.6, 0.4, 0.25, 0.2, 0.25, 0.35],
    areaElasticity: 0.01,
  },
  {
    id: 'kainji',
    name: 'Kainji Lake',
    basinId: 'niger',
    kind: 'reservoir',
    pldNumber: '001532',
    outline: [
      [4.6, 9.86],
      [4.5, 9.98],
      [4.42, 10.2],
      [4.45, 10.45],
      [4.55, 10.7],
      [4.68, 10.92],
      [4.8, 10.88],
      [4.8, 10.6],
      [4.72, 10.3],
      [4.68, 10.05],
      [4.64, 9.88],
    ],
    meanAreaKm2: 1000,
    meanWseM: 139,
    seasonalRangeM: 10,
    regime: [0.85, 0.9, 0.75, 0.5, 0.3, 0.15, 0.1, 0.3, 0.7, 1, 0.9, 0.85],
    areaElasticity: 0.3,
  },
  {
    id: 'lake-chad',
    name: 'Lake Chad',
    basinId: 'lake-chad',
    kind: 'natural lake',
    pldNumber: '000042',
    outline: [
      [14.05, 13.1],
      [14.3, 13.45],
      [14.6, 13.55],
      [14.85, 13.35],
      [14.75, 13.0],
      [14.5, 12.8],
      [14.2, 12.85],
    ],
    meanAreaKm2: 1800,
    meanWseM: 280.5,
    seasonalRangeM: 1,
    regime: [1, 0.9, 0.75, 0.55, 0.4, 0.25, 0.15, 0.2, 0.35, 0.6, 0.85, 0.95],
    areaElasticity: 0.3,
  },
  {
    id: 'lake-victoria',
    name: 'Lake Victoria',
    basinId: 'nile',
    kind: 'natural lake',
    pldNumber: '000001',
    outline: [
      [32.5, 0.3],
      [33.2, 0.45],
      [34.0, 0.1],
      [34.75, -0.1],
      [34.45, -0.5],
      [33.8, -1.5],
      [33.3, -2.2],
      [32.9, -2.5],
      [32.6, -2.9],
      [32.0, -2.6],
      [31.8, -1.3],
      [31.8, -0.95],
      [31.7, -0.85],
      [32.0, -0.3],
    ],
    meanAreaKm2: 68_800,
    meanWseM: 1134.5,
    seasonalRangeM: 0.5,
    regime: [0.45, 0.45, 0.5, 0.7, 0.95, 1, 0.9, 0.75, 0.6, 0.5, 0.45, 0.5],
    areaElasticity: 0.002,
  },
  {
    id: 'lago-grande-de-curuai',
    name: 'Lago Grande de Curuai',
    basinId: 'amazon',
    kind: 'floodplain lake',
    pldNumber: '008815',
    outline: [
      [-55.95, -2.1],
      [-55.65, -2.08],
      [-55.35, -2.1],
      [-55.05, -2.18],
      [-55.0, -2.28],
      [-55.3, -2.3],
      [-55.65, -2.27],
      [-55.95, -2.22],
    ],
    meanAreaKm2: 1300,
    meanWseM: 7.5,
    seasonalRangeM: 6,
    regime: [0.45, 0.6, 0.75, 0.9, 1, 0.95, 0.75, 0.5, 0.25, 0.1, 0.1, 0.25],
    areaElasticity: 0.55,
  },
  {
    id: 'tonle-sap',
    name: 'Tonlé Sap',
    basinId: 'mekong',
    kind: 'floodplain lake',
    pldNumber: '000093',
    outline: [
      [103.62, 13.25],
      [103.95, 13.22],
      [104.25, 12.95],
      [104.5, 12.62],
      [104.45, 12.48],
      [104.2, 12.62],
      [103.9, 12.88],
      [103.62, 13.05],
    ],
    meanAreaKm2: 8000,
    meanWseM: 5,
    seasonalRangeM: 8,
    regime: [0.55, 0.35, 0.2, 0.1, 0.05, 0.1, 0.3, 0.6, 0.9, 1, 0.9, 0.75],
    areaElasticity: 0.75,
  },
  {
    id: 'lake-alexandrina',
    name: 'Lake Alexandrina',
    basinId: 'murray-darling',
    kind: 'natural lake',
    pldNumber: '000876',
    outline: [
      [139.0, -35.44],
      [139.12, -35.33],
      [139.33, -35.32],
      [139.43, -35.4],
      [139.38, -35.53],
      [139.2, -35.58],
      [139.02, -35.54],
    ],
    meanAreaKm2: 649,
    meanWseM: 0.75,
    seasonalRangeM: 0.4,
    regime: [0.4, 0.3, 0.2, 0.2, 0.3, 0.45, 0.6, 0.8, 1, 0.95, 0.75, 0.55],
    areaElasticity: 0.02,
  },
  {
    id: 'lake-hume',
    name: 'Lake Hume',
    basinId: 'murray-darling',
    kind: 'reservoir',
    pldNumber: '002207',
    outline: [
      [147.02, -36.1],
      [147.08, -36.05],
      [147.2, -36.03],
      [147.3, -36.06],
      [147.28, -36.11],
      [147.15, -36.12],
      [147.05, -36.13],
    ],
    meanAreaKm2: 150,
    meanWseM: 185,
    seasonalRangeM: 10,
    regime: [0.75, 0.55, 0.35, 0.2, 0.15, 0.25, 0.45, 0.7, 0.9, 1, 0.98, 0.9],
    areaElasticity: 0.45,
  },
];

/**
 * The lake outline at a given relative area (1 = mean), scaled about the centre. The hand-drawn
 * shape is first normalised to the documented mean area.
 */
export function lakeOutline(lake: LakeSpec, relativeArea = 1): Position[] {
  const { shore, centre, areaKm2 } = shoreOf(lake);
  const k = Math.sqrt((lake.meanAreaKm2 * relativeArea) / areaKm2);
  return shore.map(([lon, lat]) => [
    centre[0] + (lon - centre[0]) * k,
    centre[1] + (lat - centre[1]) * k,
  ]);
}

interface Shore {
  shore: Position[];
  centre: Position;
  areaKm2: number;
}

const shores = new Map<LakeSpec, Shore>();

/**
 * The drawn outline smoothed by two rounds of Chaikin corner cutting, which turns the coarse
 * polygon into a natural-looking shore. Memoised: outlines are drawn for every observation.
 */
function shoreOf(lake: LakeSpec): Shore {
  let shore = shores.get(lake);
  if (!shore) {
    let ring = [...lake.outline];
    for (let round = 0; round < 2; round++) {
      ring = ring.flatMap((a, i) => {
        const b = ring[(i + 1) % ring.length]!;
        return [
          [0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1]],
          [0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1]],
        ] as Position[];
      });
    }
    shore = { shore: ring, centre: ringCentre(lake.outline), areaKm2: ringAreaKm2(ring) };
    shores.set(lake, shore);
  }
  return shore;
}
