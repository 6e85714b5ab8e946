package topic

import (
	"runtime/debug"
	"unicode"

	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// textDataVersion names the Unicode and CLDR data that matching depends on
// (NFKC and case folding, the names a region: term expands to). An upgrade of
// golang.org/x/text or of Go can change what a term matches without any
// change to this package, so the fingerprint carries it and the store
// reclassifies. The module's own version is included because x/text updates
// its tables without always bumping the version constants.
var textDataVersion = func() string {
	v := "unicode " + unicode.Version + ", norm " + norm.Version + ", cldr " + display.CLDRVersion
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == "golang.org/x/text" {
				v += ", x/text " + m.Version
				if m.Replace != nil {
					v += " => " + m.Replace.Path + " " + m.Replace.Version
				}
			}
		}
	}
	return v
}()
