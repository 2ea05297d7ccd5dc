// The bundler (esbuild, text loader) turns the macro templates into strings.
declare module '*.ijm' {
  const text: string;
  export default text;
}
declare module '*.py' {
  const text: string;
  export default text;
}
