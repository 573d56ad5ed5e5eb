import { LabIcon } from '@jupyterlab/ui-components';

// A river meander over a globe outline; `jp-icon3` makes it follow the theme's icon colour.
const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="none" stroke="#616161" stroke-width="1.6" stroke-linecap="round">
    <circle cx="12" cy="12" r="9.2"/>
    <path d="M7 4.6c3 2.2-2.4 4.6.6 7 2.8 2.2 7.4.2 8.4 3.4.6 2-1.2 3.6-1.4 4.6"/>
  </g>
</svg>`;

const mapSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="none" stroke="#616161" stroke-width="1.6" stroke-linejoin="round">
    <path d="M3 6l6-2 6 2 6-2v14l-6 2-6-2-6 2z"/><path d="M9 4v14M15 6v14"/>
  </g>
</svg>`;

export const styxIcon = new LabIcon({ name: 'styx:logo', svgstr: logoSvg });
export const styxMapIcon = new LabIcon({ name: 'styx:map', svgstr: mapSvg });
