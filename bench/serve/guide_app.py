"""The guide's FastAPI prediction app, as its "Building an API with FastAPI" section writes it: one POST /predict
route taking {"features": [...]} as a pydantic model and returning the forest's prediction and probabilities for
the raw features (no scaler). It loads random_forest_model.joblib from the working directory, as the guide does.
Used only as the peer of bench/serve."""
from fastapi import FastAPI
from pydantic import BaseModel
import joblib
import numpy as np

app = FastAPI()
model = joblib.load("random_forest_model.joblib")


class PredictionInput(BaseModel):
    features: list[float]


@app.post("/predict")
def predict(input_data: PredictionInput):
    features = np.array(input_data.features).reshape(1, -1)
    prediction = model.predict(features)[0]
    probability = model.predict_proba(features)[0].tolist()
    return {"prediction": int(prediction), "probabilities": probability}
