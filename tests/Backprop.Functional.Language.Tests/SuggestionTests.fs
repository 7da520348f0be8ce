module Backprop.Functional.Language.Tests.SuggestionTests

open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

[<Tests>]
let tests =
    testList "suggestions" [
        test "a name one edit away is suggested" {
            Expect.equal (Suggestions.nearest [ "a"; "b"; "c" ] "bb") (Some "b") "bb"
            Expect.equal (Suggestions.nearest [ "eval"; "check" ] "evl") (Some "eval") "evl"
            Expect.equal (Suggestions.nearest [ "--format" ] "--fromat") (Some "--format") "a swap"
        }

        test "letter case alone is one edit too, and the nearest of several wins" {
            Expect.equal (Suggestions.nearest [ "tan"; "tanh" ] "Tanh") (Some "tanh") "Tanh"
        }

        test "a one-letter name, or one far from every candidate, gets no suggestion" {
            Expect.equal (Suggestions.nearest [ "a"; "b" ] "q") None "q"
            Expect.equal (Suggestions.nearest [ "alpha"; "beta" ] "omega") None "omega"
        }

        test "an unknown name in a file suggests the nearest earlier binding" {
            let d = singleError [ "weight = 2"; "y = wieght * 3" ]
            expectError d 2 5 "unknown name 'wieght'; did you mean 'weight'?"
        }

        test "an unknown function suggests the nearest function, built in or defined above" {
            expectError
                (singleError [ "a = 1"; "b = Tanh(a)" ])
                2
                5
                "unknown function 'Tanh'; did you mean 'tanh'? The functions are"

            expectError
                (singleError [ "softplus(x) = log(1 + exp(x))"; "a = 1"; "b = softplux(a)" ])
                3
                5
                "did you mean 'softplus'?"
        }
    ]
