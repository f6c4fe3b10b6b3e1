/** Side-effect imports of stylesheets, bundled by Vite. */
declare module '*.css';
