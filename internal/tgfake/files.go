package tgfake

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// Files people send, and the bot's way back to their content: a user's
// document (AsDocument) or photo (AsPhoto) is kept under its file_id, so
// that the bot can send it again by that id (sendDocument, sendPhoto),
// look it up with getFile, and download it from /file/bot<token>/<path>,
// as from Telegram. ForgetFile makes a file unreachable, as Telegram's
// files become once deleted.

// maxGetFile is the largest file getFile hands out (Telegram's 20 MB).
const maxGetFile = 20 << 20

// AsDocument makes the message a document (name and content) whose caption
// is the text (an empty text: no caption). The file is kept, so the bot
// may send it again by its file_id and download it.
func AsDocument(name string, data []byte) MsgOption {
	return func(o *msgOptions) {
		o.shape.document = &upload{filename: name, data: append([]byte(nil), data...)}
	}
}

// ForgetFile makes a file unreachable: sending it by its id and getFile are
// refused from now on, as for a file Telegram no longer has.
func (s *Server) ForgetFile(fileID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.files, fileID)
	for p, id := range s.filePaths {
		if id == fileID {
			delete(s.filePaths, p)
		}
	}
}

// Downloads counts the files the bot has downloaded.
func (s *Server) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.downloads
}

// keepFilesLocked registers the files of a user's message that carries
// any (a document, a photo), so that their ids can be used.
func (s *Server) keepFilesLocked(m *models.Message, sh msgShape) {
	if d := sh.document; d != nil {
		s.lastFile++
		id := fmt.Sprintf("fake-udoc-%d", s.lastFile)
		s.files[id] = *d
		m.Document = &models.Document{FileID: id, FileUniqueID: "u" + id, FileName: d.filename,
			MimeType: mimeType(d.filename), FileSize: int64(len(d.data))}
		if m.Text != "" {
			m.Caption, m.CaptionEntities = m.Text, m.Entities
		}
		m.Text, m.Entities = "", nil
	}
	for i, p := range m.Photo {
		name := "photo-" + strconv.Itoa(m.ID) + "-" + strconv.Itoa(i) + ".jpg"
		s.files[p.FileID] = upload{filename: name, data: make([]byte, p.FileSize)}
	}
}

// hGetFile answers getFile: the file's size and the path to download it
// from.
func hGetFile(s *Server, _ *http.Request, p *params) (any, *apiError) {
	id := p.str("file_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[id]
	if !ok || id == "" {
		return nil, badRequest("invalid file_id")
	}
	if len(f.data) > maxGetFile {
		return nil, badRequest("file is too big")
	}
	dir := "documents"
	if strings.HasPrefix(id, "photo-") {
		dir = "photos"
	}
	fp := ""
	for p, fid := range s.filePaths {
		if fid == id {
			fp = p
		}
	}
	if fp == "" {
		fp = fmt.Sprintf("%s/file_%d%s", dir, len(s.filePaths), strings.ToLower(path.Ext(f.filename)))
		s.filePaths[fp] = id
	}
	return models.File{FileID: id, FileUniqueID: "u" + id, FileSize: int64(len(f.data)), FilePath: fp}, nil
}

// serveFile answers a download, /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, fp, ok := strings.Cut(rest, "/")
	if !ok || token != s.cfg.token {
		http.Error(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	f, found := s.files[s.filePaths[fp]]
	if found {
		s.downloads++
		s.touchLocked()
	}
	s.mu.Unlock()
	if !found {
		http.Error(w, `{"ok":false,"error_code":404,"description":"Not Found"}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", mimeType(f.filename))
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	_, _ = w.Write(f.data)
}
