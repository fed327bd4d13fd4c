// Package report runs a whole analysis of a space (Analyze) and renders
// it: as the JSON analysis report of the scenario format contract
// (zopa-report/v1, WriteJSON), as text for readers (WriteText), as the
// conflict graph in Graphviz DOT (WriteDOT), or as one self-contained HTML
// page with inline SVG pictures (WriteHTML).
package report
