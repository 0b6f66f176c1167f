package calllogs

import (
	"context"
	"mime"
	"path/filepath"
	"strings"

	"github.com/pipedrive-go/pipedrive/internal/core"
	"github.com/pipedrive-go/pipedrive/internal/ops"
)

// UploadRecording attaches an audio recording to the call log id: those
// who may see the call log can play it in Pipedrive. The audio is
// streamed from params.Content as a multipart body, never held in memory
// (with a Content-Length when its size is known, chunked otherwise).
//
// The upload is a POST: if the connection breaks once the body was sent
// it is not sent again, and the error matches pipedrive.ErrOutcomeUnknown.
// After a 429 (which Pipedrive did not execute) it is sent again only when
// params.Content is an io.Seeker that can be rewound; otherwise the 429 is
// returned.
func (s *Service) UploadRecording(ctx context.Context, id string, params *RecordingParams) error {
	call := &core.Call{Op: ops.V1AddCallLogAudioFile, PathArgs: []any{id}}
	if err := call.CheckPath(); err != nil {
		return err
	}
	if err := core.CheckFields(call.Op, params); err != nil {
		return err
	}
	ct := params.ContentType
	if ct == "" {
		ct = audioType(params.FileName)
	}
	call.Multipart = &core.Multipart{Stream: true, Files: []core.FormFile{{
		Field: "file", FileName: params.FileName, ContentType: ct, Content: params.Content, Size: params.Size,
	}}}
	return core.Exec(ctx, s.c(), call)
}

// audioTypes are the media types of common audio files, for systems whose
// MIME table lacks them.
var audioTypes = map[string]string{
	".mp3": "audio/mpeg", ".wav": "audio/wav", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg",
	".m4a": "audio/mp4", ".mp4": "audio/mp4", ".aac": "audio/aac", ".webm": "audio/webm", ".flac": "audio/flac",
}

// audioType guesses a recording's media type from its file name.
func audioType(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if t, ok := audioTypes[ext]; ok {
		return t
	}
	return mime.TypeByExtension(ext)
}
