package im.relay.privatemessage.media;

import com.fasterxml.jackson.annotation.JsonInclude;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * {@code /api/media}: upload a file as the raw request body ({@code POST /api/media?name=photo.png}), download it
 * (with HTTP range requests) and its thumbnail.
 */
@RestController
@RequestMapping("/api/media")
class MediaController {

    private final MediaService media;

    MediaController(MediaService media) {
        this.media = media;
    }

    /** The answer to an upload; width, height and thumbnail only for images the server could read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MediaView(
            String mediaId, String name, long size, String mimeType, Integer width, Integer height, String thumbnail) {

        static MediaView of(Media media) {
            return new MediaView(
                    media.id().toString(),
                    media.name(),
                    media.size(),
                    media.mimeType(),
                    media.width(),
                    media.height(),
                    media.hasThumbnail() ? "/api/media/" + media.id() + "/thumbnail" : null);
        }
    }

    /**
     * The body is the file itself, whatever its Content-Type (which is ignored: the type is read from the bytes).
     * {@code name} is read from the query string here, never through {@code getParameter}, which would consume a body
     * sent as {@code application/x-www-form-urlencoded} (as {@code curl --data-binary} does).
     */
    @PostMapping
    ResponseEntity<MediaView> upload(HttpServletRequest request) throws IOException {
        String query = request.getQueryString();
        String name = query == null
                ? null
                : UriComponentsBuilder.newInstance()
                        .query(query)
                        .build()
                        .getQueryParams()
                        .getFirst("name");
        Media stored;
        try (InputStream body = request.getInputStream()) {
            stored = media.upload(
                    caller(),
                    name == null ? null : UriUtils.decode(name, StandardCharsets.UTF_8),
                    request.getContentLengthLong(),
                    body);
        }
        return ResponseEntity.created(URI.create("/api/media/" + stored.id())).body(MediaView.of(stored));
    }

    @GetMapping("/{mediaId}")
    void download(@PathVariable String mediaId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Media found = media.readable(caller(), mediaId);
        String type = found.mimeType();
        boolean inline = type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/");
        send(request, response, found.size(), type, found.name(), inline, offset -> media.open(found.key(), offset));
    }

    @GetMapping("/{mediaId}/thumbnail")
    void thumbnail(@PathVariable String mediaId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Media found = media.readable(caller(), mediaId);
        if (!found.hasThumbnail()) {
            throw new RelayException(ErrorCode.NOT_FOUND, "upload " + mediaId + " has no thumbnail");
        }
        byte[] png; // a few kB: read whole, which also gives its size
        try (InputStream in = media.open(found.thumbnailKey(), 0)) {
            png = in.readAllBytes();
        }
        send(request, response, png.length, "image/png", "thumbnail.png", true, offset -> {
            ByteArrayInputStream in = new ByteArrayInputStream(png);
            in.skipNBytes(offset);
            return in;
        });
    }

    /**
     * Answers the file, or the one byte range the request names (206); an unsatisfiable range is 416 with
     * {@code Content-Range: bytes *}{@code /size}. A malformed Range header, or one of several ranges, is ignored and
     * the whole file sent, as RFC 9110 allows.
     */
    private void send(
            HttpServletRequest request,
            HttpServletResponse response,
            long size,
            String type,
            String name,
            boolean inline,
            Opener opener)
            throws IOException {
        long start = 0;
        long end = size - 1;
        HttpStatus status = HttpStatus.OK;
        String rangeHeader = request.getHeader(HttpHeaders.RANGE);
        List<HttpRange> ranges = List.of();
        if (rangeHeader != null) {
            try {
                ranges = HttpRange.parseRanges(rangeHeader);
            } catch (IllegalArgumentException malformed) {
                ranges = List.of();
            }
        }
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=86400, immutable");
        if (ranges.size() == 1) {
            HttpRange range = ranges.getFirst();
            try {
                start = range.getRangeStart(size);
                end = range.getRangeEnd(size);
            } catch (IllegalArgumentException unsatisfiable) {
                start = size;
            }
            if (start >= size || start > end) {
                response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                response.setContentLength(0);
                return;
            }
            status = HttpStatus.PARTIAL_CONTENT;
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        }
        long length = end - start + 1;
        response.setStatus(status.value());
        response.setContentType(type);
        response.setContentLengthLong(length);
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                (inline ? ContentDisposition.inline() : ContentDisposition.attachment())
                        .filename(name, StandardCharsets.UTF_8)
                        .build()
                        .toString());
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        try (InputStream in = opener.open(start)) {
            copy(in, response.getOutputStream(), length);
        }
    }

    /** The file's bytes from an offset. */
    private interface Opener {
        InputStream open(long offset) throws IOException;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read == -1) {
                throw new IOException("the stored file ended " + left + " bytes early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private static UUID caller() {
        return UUID.fromString(CallerContext.require().userId());
    }
}
