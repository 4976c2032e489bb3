package miniapp

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// web holds the page: plain HTML, CSS and JavaScript, and the vendored
// third-party files with their licences (web/vendor). Nothing is built at
// run time and nothing comes from a CDN, so the page works on an intranet.
//
//go:embed web
var web embed.FS

// asset is one embedded file, ready to serve plain or gzip-compressed.
type asset struct {
	body, gz []byte
	ctype    string
	etag     string
}

var (
	assetsOnce sync.Once
	assetFiles map[string]*asset // path below web/, e.g. "index.html"
)

// loadAssets reads and compresses the embedded files once.
func loadAssets() map[string]*asset {
	assetsOnce.Do(func() {
		assetFiles = map[string]*asset{}
		_ = fs.WalkDir(web, "web", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			body, err := web.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(body)
			a := &asset{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`,
				ctype: mime.TypeByExtension(path.Ext(p))}
			if a.ctype == "" {
				a.ctype = "text/plain; charset=utf-8"
			}
			if compressible(a.ctype) {
				var buf bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
				zw.Write(body)
				zw.Close()
				a.gz = buf.Bytes()
			}
			assetFiles[strings.TrimPrefix(p, "web/")] = a
			return nil
		})
	})
	return assetFiles
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") || strings.Contains(ctype, "json") ||
		strings.Contains(ctype, "svg")
}

// contentSecurityPolicy keeps the page to its own files: scripts from here
// (and Telegram's optional telegram-web-app.js), data only from this server.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' https://telegram.org; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'"

// assets serves the embedded page under Prefix: index.html for the prefix
// itself, the other files by name.
func assets() http.Handler {
	files := loadAssets()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, Prefix)
		if name == "" {
			name = "index.html"
		}
		a, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.ctype)
		h.Set("ETag", a.etag)
		// The names carry no version: check for a newer release each time.
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if name == "index.html" {
			h.Set("Content-Security-Policy", contentSecurityPolicy)
		}
		if match := r.Header.Get("If-None-Match"); match != "" && match == a.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if a.gz != nil {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				h.Set("Content-Encoding", "gzip")
				h.Set("Content-Length", strconv.Itoa(len(a.gz)))
				w.Write(a.gz)
				return
			}
		}
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
		w.Write(a.body)
	})
}

// writeBody writes an API answer, gzip-compressed (fast level) when it is
// large and the client takes it: a table of thousands of tasks shrinks
// about eightfold.
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if len(body) > 1024 && acceptsGzip(r) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		h.Set("Content-Encoding", "gzip")
		body = buf.Bytes()
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
