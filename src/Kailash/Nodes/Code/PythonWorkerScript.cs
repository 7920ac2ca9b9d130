namespace Kailash.Nodes.Code;

/// <summary>
/// The program a <c>PythonCodeNode</c> worker runs (<c>python3 -I -c &lt;script&gt;</c>). Protocol: one JSON request per
/// line on stdin (<c>{"code": ..., "inputs": {...}}</c>), one JSON response per line on stdout (<c>{"ok": true, "result": ...}</c>
/// or <c>{"ok": false, "type": ..., "error": ..., "traceback": ...}</c>). The user's <c>print</c> goes to stderr so it
/// cannot corrupt the protocol. Compiled code is cached by its text. The worker ends when stdin closes.
/// </summary>
internal static class PythonWorkerScript
{
    public const string Source = """
import sys, json, traceback
import math, statistics, datetime, random, itertools, collections, functools, string, time, re, copy, uuid, hashlib, base64
_proto = sys.stdout
sys.stdout = sys.stderr
_preloaded = {'math': math, 'statistics': statistics, 'datetime': datetime, 'random': random, 'itertools': itertools,
              'collections': collections, 'functools': functools, 'string': string, 'time': time, 're': re, 'copy': copy,
              'uuid': uuid, 'hashlib': hashlib, 'base64': base64, 'json': json}
_compiled = {}

def _plain(value):
    if isinstance(value, (set, frozenset, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value

def _send(message):
    _proto.write(json.dumps(message, allow_nan=False) + "\n")
    _proto.flush()

_send({"ready": True, "version": sys.version.split()[0]})
for _line in sys.stdin:
    try:
        _request = json.loads(_line)
        _code = _request["code"]
        _program = _compiled.get(_code)
        if _program is None:
            _program = compile(_code, "<PythonCodeNode>", "exec")
            if len(_compiled) > 256:
                _compiled.clear()
            _compiled[_code] = _program
        _namespace = dict(_preloaded)
        _namespace["__name__"] = "__kailash__"
        _namespace.update(_request.get("inputs") or {})
        exec(_program, _namespace)
        _result = _plain(_namespace.get("result"))
        try:
            _payload = json.dumps({"ok": True, "result": _result}, allow_nan=False)
        except (TypeError, ValueError) as _error:
            _send({"ok": False, "type": "ResultNotSerializable", "error": "result is not JSON data (dict, list, str, number, bool, None): " + str(_error), "traceback": ""})
            continue
        _proto.write(_payload + "\n")
        _proto.flush()
    except SyntaxError as _error:
        _send({"ok": False, "type": "SyntaxError", "error": "line %s: %s" % (_error.lineno, _error.msg), "traceback": ""})
    except BaseException as _error:
        if isinstance(_error, (KeyboardInterrupt, SystemExit)) and not isinstance(_error, SystemExit):
            raise
        _send({"ok": False, "type": type(_error).__name__, "error": str(_error), "traceback": traceback.format_exc(limit=-3)})
""";
}
