module Backprop.Functional.Learning.Tests.ModelJsonTests

open System
open System.IO
open Expecto
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

let private trained () =
    let options = { Train.defaults with Steps = 20 }
    (expectOk (Train.run options ignoreProgress (moons ())) "training").Model

let private errorOf text =
    match ModelJson.deserialize text with
    | Error message -> message
    | Ok model -> failtestf "expected an error, got %A" model

[<Tests>]
let tests =
    testList "model JSON" [
        test "save then load gives identical predictions, bit for bit" {
            let model = trained ()
            let path = Path.GetTempFileName()

            try
                expectOk (ModelJson.save path model) "save"
                let loaded = expectOk (ModelJson.load path) "load"
                Expect.equal loaded model "same shape and parameters"
                let data = moons ()
                let before = Model.scores model data.Features
                let after = Model.scores loaded data.Features

                Expect.equal
                    (Array.map BitConverter.DoubleToInt64Bits after)
                    (Array.map BitConverter.DoubleToInt64Bits before)
                    "scores"
            finally
                File.Delete path
        }

        test "writes the shape and one row of weights per neuron" {
            let model =
                Model.create
                    {
                        Inputs = 3
                        Sizes = [ 2; 1 ]
                        Hidden = Activation.Tanh
                        Output = Activation.Linear
                    }
                    1L

            let text = ModelJson.serialize model
            Expect.stringContains text "\"format\": \"backprop-mlp\"" "format"
            Expect.stringContains text "\"hidden\": \"tanh\"" "hidden activation"
            let reread = expectOk (ModelJson.deserialize text) "deserialize"
            Expect.equal reread.Shape.Sizes [ 2; 1 ] "sizes"
        }

        testList "rejects with a clear message" [
            test "text that is not JSON" { Expect.stringContains (errorOf "{ not json") "not valid JSON" "message" }
            test "another format" {
                Expect.stringContains (errorOf """{"format":"onnx"}""") "expected 'backprop-mlp'" "message"
            }
            test "a missing property" {
                Expect.stringContains
                    (errorOf """{"format":"backprop-mlp","version":1}""")
                    "'inputs' is missing"
                    "message"
            }
            test "weights that do not fit the layer before" {
                let text =
                    """{"format":"backprop-mlp","version":1,"inputs":2,"hidden":"relu","output":"linear",
                        "layers":[{"weights":[[1,2,3]],"biases":[0]}]}"""

                Expect.stringContains (errorOf text) "array of 2 weights" "message"
            }
            test "an unknown activation" {
                let text =
                    """{"format":"backprop-mlp","version":1,"inputs":1,"hidden":"swish","output":"linear",
                        "layers":[{"weights":[[1]],"biases":[0]}]}"""

                Expect.stringContains (errorOf text) "Unknown activation 'swish'" "message"
            }
            test "saving a model whose numbers do not fit its shape, or are not finite" {
                let model = trained ()
                let path = Path.Combine(Path.GetTempPath(), "never-written-by-backprop.json")

                let short = {
                    model with
                        Parameters = model.Parameters[1..]
                }

                Expect.isError (ModelJson.save path short) "too few numbers"
                let broken = Array.copy model.Parameters
                broken[0] <- nan

                Expect.isError (ModelJson.save path { model with Parameters = broken }) "NaN"

                Expect.isFalse (File.Exists path) "nothing written"
            }

            test "a missing file" {
                Expect.isError
                    (ModelJson.load (Path.Combine(Path.GetTempPath(), "no-such-dir-for-backprop", "m.json")))
                    "missing"
            }
        ]
    ]
