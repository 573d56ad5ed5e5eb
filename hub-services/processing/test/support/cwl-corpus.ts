import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The CWL packages the tests deploy (test/fixtures/cwl), by file name. */
export function cwlFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/cwl/${name}`, import.meta.url)), 'utf8');
}

const TOOL = (body: string, requirements = '') => `cwlVersion: v1.2
class: CommandLineTool
id: outside
requirements:
  DockerRequirement:
    dockerPull: localhost/styx/base:latest
${requirements}
${body}`;

const IO = `inputs:
  x: {type: string, inputBinding: {position: 1}}
outputs:
  out: {type: File, outputBinding: {glob: out.txt}}`;

/**
 * Valid CWL (cwltool --validate accepts each) outside Styx's subset: deploying one must answer
 * 400 naming what is not supported.
 */
export const UNSUPPORTED: Array<{ feature: string; cwl: string; named: string }> = [
  {
    feature: 'a workflow',
    named: "class 'Workflow'",
    cwl: `cwlVersion: v1.2
class: Workflow
id: flow
inputs: {}
outputs: {}
steps: {}`,
  },
  {
    feature: 'JavaScript expressions',
    named: "requirement 'InlineJavascriptRequirement'",
    cwl: TOOL(
      `baseCommand: echo\narguments: ["\${ return 1 + 1; }"]\n${IO}`,
      '  InlineJavascriptRequirement: {}',
    ),
  },
  {
    feature: 'a parameter reference',
    named: 'expressions and parameter references',
    cwl: TOOL(`baseCommand: echo\narguments: ["$(inputs.x)"]\n${IO}`),
  },
  {
    feature: 'a shell command line',
    named: "requirement 'ShellCommandRequirement'",
    cwl: TOOL(`baseCommand: echo\n${IO}`, '  ShellCommandRequirement: {}'),
  },
  {
    feature: 'files staged into the working directory',
    named: "requirement 'InitialWorkDirRequirement'",
    cwl: TOOL(
      `baseCommand: echo\n${IO}`,
      '  InitialWorkDirRequirement:\n    listing:\n      - entryname: a.txt\n        entry: hello',
    ),
  },
  {
    feature: 'network access',
    named: "requirement 'NetworkAccess'",
    cwl: TOOL(`baseCommand: echo\n${IO}`, '  NetworkAccess: {networkAccess: true}'),
  },
  {
    feature: 'an array input',
    named: "input 'xs': type",
    cwl: TOOL(`baseCommand: echo
inputs:
  xs: {type: "string[]", inputBinding: {position: 1}}
outputs: {}`),
  },
  {
    feature: 'an enum input',
    named: "input 'colour': type",
    cwl: TOOL(`baseCommand: echo
inputs:
  colour:
    type: {type: enum, symbols: [red, blue]}
    inputBinding: {position: 1}
outputs: {}`),
  },
  {
    feature: 'secondary files',
    named: "input 'image': 'secondaryFiles'",
    cwl: TOOL(`baseCommand: echo
inputs:
  image: {type: File, secondaryFiles: [.aux.xml], inputBinding: {position: 1}}
outputs: {}`),
  },
  {
    feature: 'stdout capture',
    named: "'stdout'",
    cwl: TOOL(`baseCommand: echo
stdout: out.txt
inputs: {}
outputs:
  out: {type: stdout}`),
  },
  {
    feature: 'valueFrom on an input',
    named: "'valueFrom'",
    cwl: TOOL(`baseCommand: echo
inputs:
  x: {type: string, inputBinding: {position: 1, valueFrom: fixed}}
outputs: {}`),
  },
  {
    feature: 'outputEval',
    named: "outputBinding 'outputEval'",
    cwl: TOOL(`baseCommand: echo
inputs: {}
outputs:
  out:
    type: File
    outputBinding: {glob: out.txt, outputEval: "$(self[0])"}`),
  },
  {
    feature: 'an image built from a Dockerfile',
    named: "DockerRequirement 'dockerFile'",
    cwl: `cwlVersion: v1.2
class: CommandLineTool
id: outside
requirements:
  DockerRequirement:
    dockerPull: localhost/styx/base:latest
    dockerFile: "FROM debian"
baseCommand: echo
${IO}`,
  },
  {
    feature: 'loadContents',
    named: "'loadContents'",
    cwl: TOOL(`baseCommand: echo
inputs:
  f: {type: File, loadContents: true, inputBinding: {position: 1}}
outputs: {}`),
  },
  {
    feature: 'success codes',
    named: "'successCodes'",
    cwl: TOOL(`baseCommand: echo\nsuccessCodes: [0, 1]\n${IO}`),
  },
  {
    feature: 'no container',
    named: 'DockerRequirement',
    cwl: `cwlVersion: v1.2
class: CommandLineTool
id: outside
baseCommand: echo
${IO}`,
  },
];
